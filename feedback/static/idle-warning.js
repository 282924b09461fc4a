// Organisers are signed out after a while without using the workspace. Typing on a page
// sends no request, so without this a long edit could be lost at the next save. While
// someone types, the page tells the server now and then; if the page sits untouched, a
// warning comes up before the time runs out, with a button to stay signed in
// (WCAG 2.2.1 Timing Adjustable). With JavaScript off the time limit still applies.
const settings = document.querySelector('meta[name="feedback-idle-seconds"]');
const token = document.querySelector('meta[name="csrf-token"]');

if (settings && token) {
  const limit = Number(settings.content) * 1000;
  const warnAhead = Math.min(120_000, limit / 2);
  const tellEvery = Math.min(60_000, limit / 4);
  let lastTold = Date.now();
  let warnTimer;
  let endTimer;

  const banner = document.createElement("div");
  banner.className = "nhsuk-warning-callout feedback-idle-warning";
  banner.hidden = true;
  banner.setAttribute("role", "alert");
  banner.innerHTML = '<h2 class="nhsuk-warning-callout__label"><span role="text">' +
    '<span class="nhsuk-u-visually-hidden">Important: </span>You will be signed out soon</span></h2>' +
    '<p class="feedback-idle-warning__text"></p>' +
    '<button type="button" class="nhsuk-button nhsuk-button--secondary">Stay signed in</button>';
  const text = banner.querySelector("p");
  const stay = banner.querySelector("button");
  (document.querySelector("main") || document.body).prepend(banner);

  const minutes = (ms) => {
    const whole = Math.max(1, Math.round(ms / 60_000));
    return `${whole} minute${whole === 1 ? "" : "s"}`;
  };

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => {
      text.textContent = `You have not used the workspace for a while, so you will be signed out in ` +
        `${minutes(warnAhead)}. Anything you have typed on this page stays here.`;
      stay.hidden = false;
      banner.hidden = false;
      stay.focus();
    }, limit - warnAhead);
    endTimer = setTimeout(signedOut, limit);
  };

  const signedOut = () => {
    text.textContent = "You have been signed out because the workspace was not used for a while. " +
      "What you typed is still on this page: copy it before you leave, then sign in again.";
    stay.hidden = true;
    banner.hidden = false;
  };

  const tellServer = async () => {
    lastTold = Date.now();
    try {
      const reply = await fetch(settings.dataset.url, {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "X-CSRFToken": token.content },
      });
      if (reply.status !== 204) {
        signedOut();
        return;
      }
    } catch {
      return; // offline for a moment: the next keypress or the button tries again
    }
    schedule();
  };

  stay.addEventListener("click", () => {
    banner.hidden = true;
    tellServer();
  });
  for (const kind of ["input", "change"]) {
    document.addEventListener(kind, () => {
      if (Date.now() - lastTold > tellEvery) tellServer();
    });
  }
  schedule();
}
