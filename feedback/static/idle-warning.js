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

  // Made the first time it is needed, so it is not on the page until then.
  let banner, title, text, stay;
  const show = (heading, message, offerToStay) => {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "nhsuk-warning-callout feedback-idle-warning";
      banner.setAttribute("role", "alert");
      banner.innerHTML = '<h2 class="nhsuk-warning-callout__label"><span role="text">' +
        '<span class="nhsuk-u-visually-hidden">Important: </span><span></span></span></h2>' +
        '<p></p><button type="button" class="nhsuk-button nhsuk-button--secondary">Stay signed in</button>';
      title = banner.querySelector("h2 span span + span");
      text = banner.querySelector("p");
      stay = banner.querySelector("button");
      stay.addEventListener("click", () => {
        banner.hidden = true;
        tellServer();
      });
      (document.querySelector("main") || document.body).prepend(banner);
    }
    title.textContent = heading;
    text.textContent = message;
    stay.hidden = !offerToStay;
    banner.hidden = false;
    if (offerToStay) stay.focus();
  };

  const minutes = (ms) => {
    const whole = Math.max(1, Math.round(ms / 60_000));
    return `${whole} minute${whole === 1 ? "" : "s"}`;
  };

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => show("You will be signed out soon",
      `You have not used the workspace for a while, so you will be signed out in ` +
      `${minutes(warnAhead)}. Anything you have typed on this page stays here.`, true), limit - warnAhead);
    endTimer = setTimeout(signedOut, limit);
  };

  const signedOut = () => show("You have been signed out",
    "You have been signed out because the workspace was not used for a while. " +
    "What you typed is still on this page: copy it before you leave, then sign in again.", false);

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

  for (const kind of ["input", "change"]) {
    document.addEventListener(kind, () => {
      if (Date.now() - lastTold > tellEvery) tellServer();
    });
  }
  schedule();
}
