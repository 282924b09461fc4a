"""The layered risk check flags each kind of risk as people write it, and lets hard negatives be.

The answers here are written for these tests, not taken from data/risk, so they also show
that the detector is not only remembering its training answers.
"""
from __future__ import annotations

import pytest

from feedback.analysis import analyse, detect_risk
from feedback.analysis.risk import RiskDetector, default_detector
from feedback.analysis.risk_phrases import default_layer

RISKS = [
    ("suicidal_thoughts", "honestly ive been thinkin about killin myself most nights"),
    ("suicidal_thoughts", "everyone would be better off if i wasnt here, i keep thinking of ending it"),
    ("suicide_plan", "got a box of paracetamol hidden away for when it gets too much"),
    ("suicide_plan", "ive been researching how to do it and picked a date"),
    ("hopelessness", "i just dont see the point in anything anymore"),
    ("hopelessness", "nothing will ever change, i wish i could go to sleep and not wake up"),
    ("self_harm", "had a bad week and started cutting again, my arms are a state"),
    ("self_harm", "been burning my arms again when it gets too much"),
    ("overdose", "i took a whole box of my sleeping tablets on sunday"),
    ("overdose", "took an od last week n no one from the team came"),
    ("stopping_medication", "stopped taking my meds 2 weeks ago and the voices are back telling me bad things"),
    ("abuse_in_care", "the night nurse slapped me when i asked for water"),
    ("abuse_in_care", "another patient on the ward punched me and the staff just laughed"),
    ("domestic_abuse", "my husband wont let me go out without him and he checks my phone"),
    ("domestic_abuse", "my ex said hell kill me if i go to the police"),
    ("financial_abuse", "my son takes my pension every week and leaves me with nothing"),
    ("sexual_abuse", "a man at my hostel keeps asking for sex in exchange for somewhere to sleep"),
    ("sexual_abuse", "one of the volunteers sent me naked pics on whatsapp"),
    ("neglect", "my nan was left in a wet bed all night at the home"),
    ("neglect", "nobody has checked on me for weeks and i have no food in"),
    ("risk_to_children", "my partner hits the kids when hes drunk"),
    ("risk_to_children", "the children go hungry most days cos theres no money"),
    ("harm_to_others", "if he comes round again i'll stab him"),
    ("harm_to_others", "the voices keep telling me to hurt my neighbour"),
    ("carer_breaking_point", "im my mums carer and im at breaking point, i cant cope anymore"),
    ("carer_breaking_point", "caring for my son on my own, no help at all, im scared ill snap and do something stupid"),
]


@pytest.mark.parametrize(("category", "text"), RISKS)
def test_each_kind_of_risk_is_flagged_with_its_category(category: str, text: str) -> None:
    result = detect_risk(text)
    assert result.flagged, text
    assert category in {reason.category for reason in result.reasons}


HARD_NEGATIVES = [
    ("denial", "Not that I'm suicidal or anything, I just wanted more notice of the dates"),
    ("denial", "ive never had thoughts of harming myself, i just get anxious in groups"),
    ("denial", "i would never hurt anyone, i was just upset about the parking"),
    ("denial", "no one takes my money, my daughter just helps me with the online forms"),
    ("denial", "they asked if i was thinking of ending my life and i said no, which was true"),
    ("figure", "I overdosed on the biscuits at the break"),
    ("figure", "my feet are killing me after standing all day"),
    ("figure", "the cake was to die for"),
    ("figure", "i could murder a cup of tea by the end of it"),
    ("past_resolved", "I used to self harm when I was a teenager but I'm in a much better place now"),
    ("past_resolved", "years ago my ex used to hit me, I left him and I'm safe now"),
    ("past_resolved", "i took an overdose in 2012, im stable now and want to help others"),
    ("staff_topic", "the suicide prevention training was good"),
    ("staff_topic", "the talk on ligature risks was useful"),
    ("staff_topic", "as staff we had a good session on how to respond to self harm"),
    ("staff_topic", "the leaflet about domestic abuse services was clear"),
    ("ordinary", "I can't go on Tuesdays because of work"),
    ("ordinary", "i had to leave early, my kids were waiting outside"),
    ("ordinary", "the tablets for filling in the survey kept freezing"),
    ("ordinary", "my medication review was quick and the pharmacist explained everything"),
    ("ordinary", "it would help to have the meetings in the evening"),
]


@pytest.mark.parametrize(("kind", "text"), HARD_NEGATIVES)
def test_hard_negatives_are_not_flagged(kind: str, text: str) -> None:
    result = detect_risk(text)
    assert not result.flagged, (kind, text, result.reasons)


def test_a_past_experience_told_as_over_is_not_a_current_risk_but_a_recent_one_is() -> None:
    # Over: a past marker, a resolution, and nothing to say it is happening now.
    assert not detect_risk("years ago i self harmed a lot, these days im doing well").flagged
    # "last week" is current, whatever the tense.
    assert detect_risk("I was hit on the ward last week").flagged
    # A past experience with nothing to say it is over is still flagged, for a person to read.
    assert detect_risk("my stepdad used to hit me").flagged
    # Started again: current, although it began in the past.
    assert detect_risk("i used to self harm years ago and i'm in recovery but i've started again").flagged


def test_the_guard_that_stopped_a_phrase_is_recorded() -> None:
    hits = default_layer().find("the suicide prevention training was good")
    assert [(hit.category, hit.guard) for hit in hits] == [("suicidal_thoughts", "staff_topic")]
    hits = default_layer().find("im not suicidal, just tired")
    assert [hit.guard for hit in hits] == ["denial"]


def test_a_denial_of_one_thing_does_not_hide_another() -> None:
    result = detect_risk("I'm not suicidal but I have started cutting again")
    assert result.flagged
    assert [reason.category for reason in result.reasons if reason.source == "phrase"] == ["self_harm"]


def test_a_phrase_reason_quotes_the_words_as_written() -> None:
    text = "The group was ok but ive been thinkin bout endin things"
    reason = detect_risk(text).reasons[0]
    assert reason.source == "phrase" and reason.probability is None
    assert text[reason.start:reason.end] == reason.phrase == "thinkin bout endin things"
    assert reason.in_words() == "suicidal_thoughts: \u201cthinkin bout endin things\u201d"


def test_a_model_reason_records_the_model_and_its_probability() -> None:
    detector = default_detector()
    assert detector.model is not None
    text = "the parking was hard to find"
    everything = RiskDetector(detector.layer, detector.model, threshold=0.0).check(text)
    [reason] = everything.reasons
    assert reason.source == "model" and reason.phrase == ""
    assert 0.0 <= reason.probability <= 1.0
    assert reason.in_words() == f"{reason.category}: risk model, probability {reason.probability:.2f}"
    assert not RiskDetector(detector.layer, detector.model, threshold=1.01).check(text).flagged


def test_the_model_probability_is_reported_for_every_answer() -> None:
    high = detect_risk("i feel so empty and alone, i dont think i can keep going like this")
    low = detect_risk("the room was warm and the tea was nice")
    assert high.probability is not None and low.probability is not None
    assert high.probability > low.probability


def test_analyse_uses_the_layered_check_on_the_text_as_written() -> None:
    result = analyse("ring me on 07700 900123, i wanna die", "neutral")
    assert result.safeguarding.flagged
    assert "[phone number removed]" in result.redacted_text
    assert result.versions["risk_detector"].startswith("phrases@")
