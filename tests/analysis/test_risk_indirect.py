"""Risk told indirectly or in slang is flagged by a phrase, so the flag says why in the
person's words; the everyday sayings that look like it are not.

Written for these tests in wording that is in no set under data/risk. The kinds are the ones
the third hand-written set showed the detector missing: suicidal thoughts said sideways,
a place and "working up the courage", coercive control, a child with an adult, a baby left
to cry by a parent who cannot cope, drugs where children are, and slang threats.
"""
from __future__ import annotations

import pytest

from feedback.analysis import detect_risk
from tests.analysis.risk_checks import assert_flagged_by_a_phrase_that_says_why

INDIRECT = [
    ("suicidal_thoughts", "tbh i was this close to doing something last weekend, my mate stopped me"),
    ("suicidal_thoughts", "dunno why i even bother staying alive at this point"),
    ("suicide_plan", "been going down to the railway line at night to work up the courage"),
    ("suicide_plan", "sat by the river again thinking about jumping, the group was nice though"),
    ("hopelessness", "honestly whats the use, im always going to be like this"),
    ("hopelessness", "my life feels pointless since the divorce"),
    ("domestic_abuse", "she tracks my location and kicks off if im not back by six"),
    ("domestic_abuse", "im walking on eggshells at home all the time cos of him"),
    ("sexual_abuse", "my cousins husband put his hand down my jeans at the party"),
    ("risk_to_children", "my 14 year old has been seeing a 20 year old she met online"),
    ("risk_to_children", "i left the baby crying in her cot for hours, i just cant cope with her"),
    ("risk_to_children", "my brother deals from the house and theres gear all over the kitchen where my kids eat"),
    ("harm_to_others", "if he chats rubbish about my sister again im gonna lamp him"),
    ("harm_to_others", "swear down im close to battering someone at this rate"),
]


@pytest.mark.parametrize(("category", "text"), INDIRECT)
def test_indirect_and_slang_risk_is_flagged_by_a_phrase_that_says_why(category: str, text: str) -> None:
    assert_flagged_by_a_phrase_that_says_why(category, text)


LOOK_ALIKES = [
    "that car park makes me want to throttle someone haha",
    "my wife will kill me for telling you this but the cake was better than hers",
    "pulled my back lifting my grandson so had to sit down for most of it",
    "i was working up the courage to speak in front of everyone and i did it",
    "nothing will get better for patients unless the trust listens to us",
    "whats the use of the portal if nobody reads what we put on it",
    "my 15 year old and her 16 year old friend came along and loved it",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_sayings_that_look_like_these_kinds_are_not_flagged(text: str) -> None:
    assert not detect_risk(text).flagged, text
