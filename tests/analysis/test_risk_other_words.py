"""Risk told in other words than the usual ones is flagged by a phrase, so the flag says why
in the person's words; staff talking about a topic, a past told as over and denials of the
same shapes are not.

Written for these tests in wording that is in no set under data/risk. The kinds are the ones
the fourth hand-written set showed the detector missing: stopping medication with the risk
told as the telly talking, being watched or poisoned; an overdose told by a parent; a
partner's threat to find someone who leaves, or hiding the keys and bus pass; a signature
got out of someone; a person left in the same pad; and the false alarms it raised.
"""
from __future__ import annotations

import pytest

from feedback.analysis import detect_risk
from tests.analysis.risk_checks import assert_flagged_by_a_phrase_that_says_why

OTHER_WORDS = [
    ("stopping_medication", "i flushed my olanzapine a fortnight ago and now the radio keeps talking to me"),
    ("stopping_medication", "mum stopped her lithium and she's sure the man next door has cameras on her, she hasnt slept in days"),
    ("stopping_medication", "been skipping my meds and i keep thinking the staff are putting poison in my tea"),
    ("overdose", "our daughter took a full strip of her sertraline on sunday and we found her on the bathroom floor"),
    ("overdose", "my husband swallowed all of his painkillers after the row, he's home now but i'm scared"),
    ("domestic_abuse", "she says if i ever go to my mums she'll take the kids and i'll never see them"),
    ("domestic_abuse", "he told me i'd regret it if i spoke to anyone at the group"),
    ("domestic_abuse", "when he's in a mood he hides my walking stick so i can't get out"),
    ("financial_abuse", "my nephew talked mum into signing a paper and now he reckons the bungalow is his"),
    ("financial_abuse", "the deeds have been put in her name and dad doesnt even know"),
    ("neglect", "gran was in the same nappy all night at the home, nobody came"),
    ("neglect", "the care agency never turned up on sunday so dad had no dinner"),
    ("suicidal_thoughts", "to be honest some nights i think i might do something stupid"),
    ("suicidal_thoughts", "the voice says my kids would be better without me and i'm starting to believe it"),
]


@pytest.mark.parametrize(("category", "text"), OTHER_WORDS)
def test_risk_in_other_words_is_flagged_by_a_phrase_that_says_why(category: str, text: str) -> None:
    assert_flagged_by_a_phrase_that_says_why(category, text)


NOT_RISK = [
    # staff or a service talking about a topic, with no talk word
    "the part about grooming and county lines from the youth worker was really good",
    "our team doing suicide prevention work on the wards would like to join this",
    "the nurse explained naloxone for heroin overdoses to the group",
    "the self harm liaison nurse came to speak and was brilliant",
    # past experiences told as over in other words
    "a carer was rough with my nan years ago, it was dealt with properly and the home is much better now",
    "i overdosed in 2012, im a peer mentor now and love helping others",
    # denials of other shapes
    "i clicked the self harm box by accident, please ignore it",
    "i never meant to hurt anyone, i just get loud when im stressed",
    "i take all my tablets every morning like the doctor said",
    "im not going to do anything daft, i promise, i just needed to vent",
    # ordinary answers that share words with the new kinds
    "the lady from the council helped me sign the forms for my blue badge",
    "my son drives me in as i cant use the bus since my hip op",
    "the group will manage fine without me next week, im away",
]


@pytest.mark.parametrize("text", NOT_RISK)
def test_hard_negatives_of_the_same_shapes_are_not_flagged(text: str) -> None:
    assert not detect_risk(text).flagged, text
