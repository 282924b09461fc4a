"""The kinds the sixth hand-written set showed missed or falsely flagged, in other words.

Written for these tests in wording that is in no set under data/risk: a life to finish, as
English as a second language puts it; enough of someone else's medicine kept back; not
knowing why one bothers; dead inside; someone taking more of their tablets than they
should; a partner who reads the post; a man forcing himself on his wife; a small child out
in the cold; a carer who has not slept for months; and a threat after a restraint, which a
staff word after the match had been taken for a talk. And the false alarms: pasts told as
over (an age now, years without it, support had since, a story shared), staff asking how
they help people who went through it, things at an event called hopeless or abusive, and a
form's question answered "no I'm not".
"""
from __future__ import annotations

import pytest

from feedback.analysis import detect_risk
from tests.analysis.risk_checks import assert_flagged_by_a_phrase_that_says_why

RISK_IN_OTHER_WORDS = [
    ("suicidal_thoughts", "most nights i want to finish my own life, i have nobody to tell here"),
    ("suicide_plan", "i have enough of my dads old tramadol put away in the wardrobe now"),
    ("hopelessness", "i dont even know why i get up most days, nothing changes"),
    ("hopelessness", "since the baby went into care i feel dead inside"),
    ("overdose", "my brother took a lot more of his sleeping tablets than he was told to and he wont wake properly"),
    ("abuse_in_care", "two of them held me down for the depot and the nurse laughed"),
    ("domestic_abuse", "my husband goes through all my messages and then gets angry if a man has texted"),
    ("domestic_abuse", "never post anything to my address because my boyfriend reads my letters"),
    ("sexual_abuse", "he forced himself on her again after the party"),
    ("risk_to_children", "the little boy upstairs is left outside in the freezing rain for hours"),
    ("carer_breaking_point", "im the main carer for my son and i havent slept for weeks, i sobbed in the car"),
    # a past that stopped, and a harm that is going on now
    ("risk_to_children", "he hit me for years but that stopped when i left the room, now he hits my daughter"),
]


@pytest.mark.parametrize(("category", "text"), RISK_IN_OTHER_WORDS)
def test_risk_in_other_words_is_flagged_by_a_phrase_that_says_why(category: str, text: str) -> None:
    assert_flagged_by_a_phrase_that_says_why(category, text)


NOT_RISK = [
    # pasts told as over: an age now, years without it, support had since, a story shared
    "i took an overdose at 19, i'm 45 now and doing well",
    "i used to burn my arms at school but i haven't done it in over ten years",
    "my brother took my wages for a long time but it ended when i moved out, i manage my own money now",
    "i was groomed at college, i've had brilliant support and i'm here to help make services better",
    "we went through a very rough patch with suicidal feelings after the redundancy, counselling helped and i'm ok now",
    "i cut myself a lot as a teenager, today i told my story to the medical students",
    # staff or a service talking about how they help people who went through it
    "as a ward manager i'd like to know how we support nurses who get assaulted on shift",
    "the charity explained how they help people who are being financially exploited",
    "the next session could cover how teams follow up patients after an overdose",
    # things at an event, not people, called hopeless or abusive
    "the car park signage was absolutely hopeless",
    "those plastic chairs were torture for two hours",
    # a form's question answered no
    "the screening form asked if i was thinking of ending my life, no i'm not, i was just tired",
]


@pytest.mark.parametrize("text", NOT_RISK)
def test_not_risk_in_other_words_is_not_flagged(text: str) -> None:
    assert not detect_risk(text).flagged, detect_risk(text)
