"""Sentiment reads the answer together with the question's polarity."""

from __future__ import annotations

import pytest

from feedback.analysis import Analysis, AnswerInput, PromptPolarity, analyse, analyse_many, polarity_for_question


@pytest.mark.parametrize(
    ("question", "polarity"),
    [
        ("What helped you take part?", "enabler"),
        ("What was good?", "enabler"),
        ("What made it harder to take part?", "barrier"),
        ("What could we improve?", "barrier"),
        ("How could we improve?", "barrier"),
        ("FFT Why?", "neutral"),
        ("Is there anything else you would like to tell us?", "neutral"),
        ("What did you like least?", "barrier"),
        ("What did you not like?", "barrier"),
        ("What didn't help?", "barrier"),
        ("What did you like about the meeting?", "enabler"),
        ("Please describe anything you were satisfied and/or dissatisfied with", "neutral"),
        ("", "neutral"),
    ],
)
def test_question_wording_sets_polarity(question: str, polarity: str) -> None:
    assert polarity_for_question(question) == PromptPolarity(polarity)


def test_nothing_means_praise_to_a_barrier_prompt_and_complaint_to_an_enabler_prompt() -> None:
    assert analyse("Nothing", "barrier").sentiment == "positive"
    assert analyse("Nothing really, it was all fine", "barrier").sentiment == "positive"
    assert analyse("Nothing", "enabler").sentiment == "negative"
    assert analyse("Nothing.", "neutral").sentiment in {"positive", "neutral"}


@pytest.mark.parametrize("text", ["Honestly nothing", "Nothing so far", "Nothing in particular springs to mind"])
def test_nothing_with_fillers_is_still_a_complaint_about_what_helped(text: str) -> None:
    assert analyse(text, "enabler").sentiment == "negative"
    assert analyse(text, "barrier").sentiment != "negative"


@pytest.mark.parametrize(
    ("text", "polarity", "expected"),
    [
        ("The staff were kind and listened to me", "enabler", "positive"),
        ("Everyone was friendly and I felt welcome from the start", "neutral", "positive"),
        ("It could be more helpful", "barrier", "negative"),
        ("Nobody ever got back to me and I felt ignored", "neutral", "negative"),
        ("The meetings were not well organised and nobody explained anything", "neutral", "negative"),
        ("Waited three hours and no one told us what was happening", "barrier", "negative"),
    ],
)
def test_realistic_answers(text: str, polarity: str, expected: str) -> None:
    assert analyse(text, polarity).sentiment == expected


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Not very helpful", "barrier"),
        ("Not very helpful", "neutral"),
        ("It was not easy to understand", "barrier"),
        ("It was not easy to understand", "enabler"),
        ("Not good at all", "enabler"),
        ("Nobody listened", "barrier"),
    ],
)
def test_negated_praise_is_not_read_as_praise(text: str, polarity: str) -> None:
    assert analyse(text, polarity).sentiment != "positive"


def test_mixed_comment_is_not_scored_as_strong_praise() -> None:
    result = analyse("Staff were lovely but I waited three hours and nobody explained why", "neutral")
    assert result.sentiment in {"neutral", "negative"}
    assert result.sentiment_score < 0.5


def test_score_is_in_range_and_agrees_with_label() -> None:
    for result in analyse_many(["Brilliant, thank you", "Terrible, rude staff", "It was ok"]):
        assert -1.0 <= result.sentiment_score <= 1.0
    assert analyse("Brilliant, thank you so much").sentiment_score > 0.5
    terrible = analyse("Terrible service, rude staff")
    assert terrible.sentiment == "negative" and terrible.sentiment_score < -0.3


def test_batch_gives_the_same_answers_as_one_at_a_time() -> None:
    items = [
        AnswerInput("Nothing", "barrier"),
        ("Never heard back after the meeting", "barrier"),
        "The coffee was good",
        AnswerInput("", "enabler"),
    ]
    batch = analyse_many(items, taxonomy="qdc-v7")
    single = [
        analyse("Nothing", "barrier", "qdc-v7"),
        analyse("Never heard back after the meeting", "barrier", "qdc-v7"),
        analyse("The coffee was good", taxonomy="qdc-v7"),
        analyse("", "enabler", "qdc-v7"),
    ]
    assert [(r.sentiment, r.sentiment_score, r.theme_names) for r in batch] == [
        (r.sentiment, r.sentiment_score, r.theme_names) for r in single
    ]
    assert analyse_many([]) == []


def test_result_is_serialisable_and_versioned() -> None:
    result = analyse("Call me on 07700 900123 about payment", "barrier")
    assert isinstance(result, Analysis)
    data = result.to_dict()
    assert data["prompt_polarity"] == "barrier"
    assert data["redactions"] == [{"kind": "phone", "start": 11, "end": 23}]
    assert "07700" not in str(data)
    assert set(result.versions) >= {"sentiment_model", "taxonomy"}
    assert result.versions["taxonomy"].startswith("participation@")


def test_unknown_polarity_is_rejected() -> None:
    with pytest.raises(ValueError, match="enabler, barrier, neutral"):
        analyse("fine", "sideways")


def test_empty_answer_is_neutral_with_no_themes() -> None:
    for text in ("", "   "):
        result = analyse(text, "barrier", taxonomy="qdc-v7")
        assert (result.sentiment, result.sentiment_score, result.themes) == ("neutral", 0.0, ())


@pytest.mark.parametrize(
    "text",
    [
        "The nurses were lovely but the wait was far too long",
        "Good care overall, however nobody told us when we would be seen",
    ],
)
def test_praise_and_complaint_together_read_as_mixed(text: str) -> None:
    # Mixed comments are the neutral class in the labelled data.
    assert analyse(text, "neutral").sentiment == "neutral"


def test_label_is_always_the_most_probable_class() -> None:
    texts = ["Staff were lovely but I waited hours", "Cut the waiting time", "Nothing", "Brilliant",
             "Never heard back after the meeting", "Too much jargon"]
    for polarity in ("barrier", "enabler", "neutral"):
        for result in analyse_many([AnswerInput(t, polarity) for t in texts]):
            if result.sentiment == "positive":
                assert result.sentiment_score > 0
            if result.sentiment == "negative":
                assert result.sentiment_score < 0


def test_a_pasted_essay_gives_the_lexicon_only_its_first_part(monkeypatch) -> None:
    # VADER's time grows faster than the text: an essay in a CSV must not take minutes.
    from feedback.analysis import features
    seen: list[int] = []
    real = features._vader()

    class Recording:
        def polarity_scores(self, text: str) -> dict:
            seen.append(len(text))
            return real.polarity_scores(text)

    monkeypatch.setattr(features, "_vader", lambda: Recording())
    essay = "The staff were lovely but the room was too hot and nobody listened. " * 2000
    assert analyse(essay, polarity="neutral", taxonomy="participation").sentiment in {"positive", "neutral", "negative"}
    assert seen and max(seen) <= features.LEXICON_TEXT_LIMIT
