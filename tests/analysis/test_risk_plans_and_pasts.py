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

RISK_IN_OTHER_WORDS = [
    ("suicide_plan", "i get a few co-codamol at a time from different chemists so nobody asks, theres a tin full now"),
    ("suicide_plan", "finished the letters to my boys last night, theyre in the bedside drawer"),
    ("suicide_plan", "my sister is sorting out who will have the dog, she thinks im moving away"),
    ("suicide_plan", "ive picked the date, once my daughters wedding is over"),
    ("suicide_plan", "i drive out to the quarry most evenings and sit there, this is the time i keep saying"),
    ("carer_breaking_point", "looking after dad on my own since mum died and im frightened of what i might do to him"),
    ("carer_breaking_point", "im my wifes carer and last night i held a cushion over her mouth for a second, i need help"),
    ("hopelessness", "most nights i hope im not around to see the morning"),
    ("hopelessness", "everything has got too heavy to carry, i cant see it changing"),
    ("suicidal_thoughts", "my mind keeps telling me to kill myself when im on the bus home"),
    ("neglect", "my uncle has stopped eating or washing and the house is covered in mould, the council wont come"),
    ("neglect", "the old lady upstairs is sat in the cold with no heating, i doubt shes had a hot meal in weeks"),
    ("financial_abuse", "a man i got talking to online has had most of my pension, he says he needs it for a visa"),
    ("overdose", "i took the lot from the bathroom cabinet an hour ago"),
]


@pytest.mark.parametrize(("category", "text"), RISK_IN_OTHER_WORDS)
def test_risk_in_other_words_is_flagged_by_a_phrase_that_says_why(category: str, text: str) -> None:
    result = detect_risk(text)
    phrases = [reason for reason in result.reasons if reason.category == category and reason.source == "phrase"]
    assert result.flagged and phrases, text
    assert phrases[0].phrase and phrases[0].phrase in text


NOT_RISK = [
    # pasts told as over, the resolution in other words
    "i cut myself a lot in my twenties but ive stayed clean since 2018, thanks for the space",
    "in 2016 i took an overdose, this year i chaired the carers forum",
    "my ex was abusive when i was at uni, i'm happily married now and that's behind me",
    "staff on that unit were rough with us years ago, the team now are nothing like it",
    "i came off my lithium in 2019 and got ill, learnt my lesson, i wouldn't do that again",
    "my son used to take my pension but the bank sorted it out for me and i'm back in control",
    "last summer i wanted to die, with counselling i'm much better now",
    # staff or a service talking about a topic
    "the question on self harm should come with a helpline number, speaking as a ward manager",
    "we log overdose incidents each month and could share the data with the group",
    "on the helpline we get calls from people who have taken overdoses and would welcome training",
    "as a pharmacist id like to look into why patients stop their antipsychotics",
    "as practice lead i'd like more on exploitation in the next session",
    # figures of speech and jokes
    "i'm hopeless with computers but the volunteers helped me fill it in",
    "one more zoom meeting and i'll scream, otherwise good",
    "the coffee at the venue was strong enough to od on",
    "the traffic on the way in was abusive",
    "we were in bits with laughter at the quiz, me and the other carers",
    "my manager will kill me if i'm back late from this",
    # denials whose negation is further back
    "nobody at the centre or on the ward has ever been rough with me",
    "i have no desire to hurt anyone, i'm just cross about the wait",
]


@pytest.mark.parametrize("text", NOT_RISK)
def test_hard_negatives_of_the_same_shapes_are_not_flagged(text: str) -> None:
    assert not detect_risk(text).flagged, text
