// "Listen" beside each survey question: reads the question, its hint and its answers aloud
// in the page's language with the browser's own speech synthesis. Only voices on the
// device itself are used (localService), so no words leave it. Where the browser has no
// such voice for the page's language, or JavaScript is off, there is no button at all.
const form = document.querySelector("form[data-listen-label]");
const speech = window.speechSynthesis;

const language = (document.documentElement.lang || "en").toLowerCase();
const localVoice = () => (speech ? speech.getVoices() : []).find(
  (voice) => voice.localService && voice.lang.toLowerCase().replace("_", "-").split("-")[0] === language.split("-")[0]);

// The words of one question as a person reads them: heading, hint, then each answer.
const words = (group) => {
  const parts = [];
  const heading = group.querySelector("legend, label.nhsuk-label:not(.nhsuk-radios__label):not(.nhsuk-checkboxes__label)");
  const hint = group.querySelector(".nhsuk-hint");
  if (heading) parts.push(heading.textContent);
  if (hint) parts.push(hint.textContent);
  group.querySelectorAll(".nhsuk-radios__label, .nhsuk-checkboxes__label").forEach((label) => parts.push(label.textContent));
  return parts.map((part) => part.replace(/\s+/g, " ").trim()).filter(Boolean).join(". ");
};

const addButtons = (voice) => {
  if (form.querySelector(".feedback-listen")) return;
  form.querySelectorAll(".nhsuk-form-group").forEach((group) => {
    const heading = group.querySelector("legend, label.nhsuk-label");
    if (!heading) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small feedback-listen";
    // The visible word first in the name (WCAG 2.5.3), then which question it reads.
    button.textContent = form.dataset.listenLabel;
    button.setAttribute("aria-label", form.dataset.listenLabel + ": " + heading.textContent.replace(/\s+/g, " ").trim());
    button.addEventListener("click", () => {
      speech.cancel();  // one question at a time
      const utterance = new SpeechSynthesisUtterance(words(group));
      utterance.lang = document.documentElement.lang;
      utterance.voice = voice;
      speech.speak(utterance);
    });
    heading.after(button);
  });
};

if (form && speech && typeof SpeechSynthesisUtterance === "function") {
  const offer = () => {
    const voice = localVoice();
    if (voice) addButtons(voice);
  };
  offer();
  speech.addEventListener("voiceschanged", offer);  // voices often load after the page
}
