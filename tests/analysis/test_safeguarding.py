"""Answers that may disclose risk are flagged; figures of speech and denials are not."""

from __future__ import annotations

import pytest

from feedback.analysis import analyse, check_safeguarding


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Some days I just want to die", "wanting_to_die"),
        ("I have been having suicidal thoughts since the last meeting", "suicide"),
        ("I've started self-harming again", "self_harm"),
        ("I cut myself last night", "self_harm"),
        ("I took an overdose in March", "overdose"),
        ("I don't want to live anymore", "wanting_to_die"),
        ("Honestly I can't go on like this", "wanting_to_die"),
        ("My partner hits me when he's drunk", "harm_at_home"),
        ("I'm scared to go home", "harm_at_home"),
        ("One of the staff was verbally abusive to me", "abuse"),
        ("If he does that again I will kill him", "harm_to_others"),
        ("I'm not saying I want to die, but I think about it", "wanting_to_die"),
        ("I feel like ending it all", "suicide"),
        ("Nobody would miss me if I was gone", "suicide"),
        ("My son keeps saying he wants to die", "wanting_to_die"),
        ("Some mornings I don't want to wake up", "wanting_to_die"),
        ("He threatens to kill me if I tell anyone", "harm_at_home"),
        ("She said she'd kill me", "harm_at_home"),
        ("I'm being hit by my dad", "harm_at_home"),
        ("I feel like hurting someone", "harm_to_others"),
        # Misspelt or spaced, as people type in a hurry on a phone.
        ("i keep thinking i will kill my self", "suicide"),
        ("been having sucidal thoughts", "suicide"),
        ("thought about suicde", "suicide"),
        ("hurting my self again", "self_harm"),
        ("some days i wanna die", "wanting_to_die"),
        ("I stopped going after my ex turned up at the meeting. I'm scared of him.", "harm_at_home"),
        # Said plainly, in the words a respondent audit found unflagged.
        ("no point living anymore", "wanting_to_die"),
        ("I hate my life and want it to be over", "wanting_to_die"),
        ("I keep thinking about ending it", "suicide"),
        ("i keep thinkin about endin my life", "suicide"),
    ],
)
def test_risk_is_flagged_with_its_reason(text: str, category: str) -> None:
    result = check_safeguarding(text)
    assert result.flagged
    assert category in {reason.category for reason in result.reasons}
    reason = result.reasons[0]
    assert text[reason.start:reason.end] == reason.phrase


@pytest.mark.parametrize(
    "text",
    [
        "The session killed it, brilliant",
        "I'm dying to come back next month",
        "Could kill for a coffee during the break",
        "The food here is to die for",
        "The training on drug abuse services was useful",
        "Bored to death by the slides",
        "The service can't be beaten",
        "My feet were killing me after the walk",
        "The wait nearly killed me",
        "Staff don't wake up patients for breakfast",
        "The meeting room suited me fine",
        "We were thinking about ending the meeting early",
        "There was no point in the meeting",
        "We ended it all on a high with cake",
        "They are ending it all on a high next week",
    ],
)
def test_figures_of_speech_do_not_flag(text: str) -> None:
    assert not check_safeguarding(text).flagged


@pytest.mark.parametrize(
    "text",
    ["I'm not suicidal, just tired of waiting", "No thoughts of self-harm anymore", "I am no longer self harming"],
)
def test_direct_denials_do_not_flag(text: str) -> None:
    # A denial is not a disclosure of current risk; staff see the text in the normal way.
    assert not check_safeguarding(text).flagged


def test_denying_one_risk_does_not_hide_a_different_one() -> None:
    result = check_safeguarding("I'm not suicidal but I feel like ending it all")
    assert result.flagged
    assert [reason.phrase for reason in result.reasons] == ["ending it all"]


def test_a_denial_does_not_hide_another_risk_in_the_same_answer() -> None:
    result = check_safeguarding("I'm not suicidal but sometimes I want to end my life")
    assert result.flagged
    assert [r.phrase for r in result.reasons] == ["end my life"]


def test_analyse_reports_safeguarding_on_the_original_text() -> None:
    result = analyse("Please call 07700 900123, I want to die", "neutral")
    assert result.safeguarding.flagged
    assert "[phone number removed]" in result.redacted_text
