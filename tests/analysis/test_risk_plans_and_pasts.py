"""The kinds the fifth hand-written set showed missed or falsely flagged, in other words.

Written for these tests in wording that is in no set under data/risk: suicide plans told as
tablets bought a few at a time, a last letter, a date fixed around someone else, a place
visited again and again; a carer afraid of what they might do; hopelessness told as hoping
not to wake; neglect of someone living alone; money taken by a stranger met online. And the
false alarms: pasts told as over with the resolution in other words, staff or services
talking about a topic, figures of speech and denials whose negation sits far back.
"""
from __future__ import annotations

import pytest

from feedback.analysis import detect_risk
from tests.analysis.risk_checks import assert_flagged_by_a_phrase_that_says_why

RISK_IN_OTHER_WORDS = [
    ("suicide_plan", "each payday i pick up more sleeping tablets from a different pharmacy, nearly enough now"),
    ("suicide_plan", "finished the letters to my boys last night, theyre in the bedside drawer"),
    ("suicide_plan", "i've decided who will look after my tortoise, that was the last thing on my list"),
    ("suicide_plan", "i've chosen the day, it's the friday after payday"),
    ("suicide_plan", "i drive out to the quarry most evenings and sit there, this is the time i keep saying"),
    ("carer_breaking_point", "i'm dad's carer now and i'm frightened of what i might do to him when he wanders at night"),
    ("carer_breaking_point", "im my wifes carer and last night i held a cushion over her mouth for a second, i need help"),
    ("hopelessness", "i just hope i'm not here next year, honestly"),
    ("hopelessness", "being alive has become unbearable for me"),
    ("hopelessness", "these days i'm only existing, not living"),
    ("hopelessness", "dont even know why im still bothering."),
    ("suicidal_thoughts", "the voices say i should kill myself and it's harder to ignore them"),
    ("neglect", "my grandad isnt eating or changing his clothes since nan died and nobody checks on him"),
    ("neglect", "our neighbour is 90 and has no heating, we keep taking soup round"),
    ("financial_abuse", "i met him online in the summer and ive been sending him money every week for his visa"),
    ("overdose", "i took the lot from the bathroom cabinet an hour ago"),
]


@pytest.mark.parametrize(("category", "text"), RISK_IN_OTHER_WORDS)
def test_risk_in_other_words_is_flagged_by_a_phrase_that_says_why(category: str, text: str) -> None:
    assert_flagged_by_a_phrase_that_says_why(category, text)


NOT_RISK = [
    # pasts told as over, the resolution in other words
    "as a student i used to burn my arms, i've been well for eight years now",
    "i overdosed back in 2009, now i help train the crisis team",
    "my first boyfriend was controlling when i was at uni, that's long behind me",
    "a porter shoved my dad in 2014, there was an inquiry and he was sacked",
    "stopping my olanzapine in 2015 put me in hospital, i'd never do that again, i'm stable now",
    "years ago a lodger was using my bank card, the bank sorted that out and changed everything",
    "last spring i wanted to be dead, it's passed and i feel well these days",
    # staff or a service talking about a topic
    "the survey's questions on self harm were worded sensitively, good work",
    "the ward's overdose data for last year was in the pack",
    "i work with people who have overdosed in the past and the session gave me ideas",
    "the research on why service users stop their antidepressants was interesting",
    "could we hear more about exploitation from the youth team next time",
    "the figures on self harm admissions over christmas were shocking, good that the trust shared them",
    # figures of speech and jokes
    "i'm hopeless with computers but the volunteers helped me fill it in",
    "the hold music on the helpline makes me want to die lol",
    "had so much cake at the break i nearly overdosed",
    "the hospital car park prices are abusive",
    "as a carer the improv game had me falling apart with laughter",
    "the kids will kill me if i'm not back by three for the school run",
    # denials whose negation is further back
    "nobody in three years of home visits has ever been rough with my dad",
    "honestly i've got no interest in hurting people, i shout at the tv that's all",
]


@pytest.mark.parametrize("text", NOT_RISK)
def test_hard_negatives_of_the_same_shapes_are_not_flagged(text: str) -> None:
    assert not detect_risk(text).flagged, text
