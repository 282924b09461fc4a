"""Read aloud in Chromium. Headless Chromium here has no speech voices, so one test uses
the real browser (no voice: no button), and the others give the page a stand-in
speechSynthesis with the voices a phone might have, recording what it is asked to say
(nothing can be heard in a test). A network voice is never used: words would leave the
device. With JavaScript off there is no button."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.browser

SURVEY = "/s/after-an-event"
STAND_IN = """(voices) => {
  window.__spoken = [];
  const synthesis = new EventTarget();
  synthesis.getVoices = () => voices;
  synthesis.speak = (utterance) => window.__spoken.push({text: utterance.text, lang: utterance.lang,
                                                           voice: utterance.voice && utterance.voice.name});
  synthesis.cancel = () => {};
  Object.defineProperty(window, "speechSynthesis", {value: synthesis});
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
}"""


def with_voices(page: Page, voices: list[dict]) -> Page:
    page.add_init_script(script=f"({STAND_IN})({voices!r})".replace("True", "true").replace("False", "false"))
    return page


def listen_buttons(page: Page):
    return page.locator("button.feedback-listen")


def test_with_a_voice_on_the_device_each_question_can_be_listened_to(live_server, page):
    with_voices(page, [{"name": "Local English", "lang": "en-GB", "localService": True}])
    page.goto(SURVEY)
    expect(listen_buttons(page)).to_have_count(8)
    assert_accessible(page)
    button = page.get_by_role("button", name="Listen: People listened to what I said. (optional)")
    button.click()
    spoken = page.evaluate("() => window.__spoken")
    assert spoken == [{"text": "People listened to what I said. (optional). Strongly agree. Agree. "
                               "Neither agree nor disagree. Disagree. Strongly disagree",
                       "lang": "en", "voice": "Local English"}]


def test_the_page_language_picks_the_voice_and_no_voice_means_no_button(live_server, open_page):
    voices = [{"name": "Local English", "lang": "en-GB", "localService": True},
              {"name": "Polish in the cloud", "lang": "pl-PL", "localService": False}]
    polish = with_voices(open_page(), voices)
    polish.goto(SURVEY + "?lang=pl")
    expect(polish.locator("h1")).to_be_visible()
    assert listen_buttons(polish).count() == 0, "a network voice would send the words away"
    urdu = with_voices(open_page(), voices + [{"name": "Local Urdu", "lang": "ur_PK", "localService": True}])
    urdu.goto(SURVEY + "?lang=ur")
    expect(listen_buttons(urdu)).to_have_count(8)
    listen_buttons(urdu).first.click()
    assert urdu.evaluate("() => window.__spoken")[0]["voice"] == "Local Urdu"
    assert urdu.evaluate("() => window.__spoken")[0]["lang"] == "ur"


def test_one_question_per_page_has_its_listen_button(live_server, open_page):
    page = with_voices(open_page(), [{"name": "Local English", "lang": "en-GB", "localService": True}])
    page.goto(SURVEY + "?format=easy-read")
    page.get_by_role("button", name="Start now").click()
    expect(listen_buttons(page)).to_have_count(1)
    listen_buttons(page).click()
    assert page.evaluate("() => window.__spoken")[0]["text"].startswith("Who are you?. This helps us know who came.")
    assert_accessible(page)


def test_the_real_browser_without_voices_and_javascript_off_show_no_button(live_server, page, javascript_off_page):
    page.goto(SURVEY)
    expect(page.locator("h1")).to_be_visible()
    if not page.evaluate("() => 'speechSynthesis' in window && speechSynthesis.getVoices().some(v => v.localService)"):
        assert listen_buttons(page).count() == 0
    javascript_off_page.goto(SURVEY)
    assert listen_buttons(javascript_off_page).count() == 0
