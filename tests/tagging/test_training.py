"""Organisers' theme corrections train a model that then tags new answers beside the rules."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select

from feedback.analysis.linear_model import LinearTextModel
from feedback.models import (
    Answer,
    AnswerTheme,
    Question,
    RespondentRole,
    Response,
    Survey,
    TagSource,
    Theme,
    User,
    UserRole,
)
from feedback.reports.corrections import correct_answer
from feedback.tagging.app_tagger import app_tagger
from feedback.tagging.tagger import cached_tagger
from tests.helpers import submit

SURVEY = "/s/after-an-event"
PAY, WORDS, LOOP, TIMING = "Payment and recognition", "Plain language", "Feedback loop", "Timing and logistics"

# (question key, what a person wrote, the themes an organiser settled on)
CORRECTED_COMMENTS: list[tuple[str, str, set[str]]] = [
    ("what_made_it_harder", "We gave our views in March and nobody told us what was done with them.", {LOOP}),
    ("what_made_it_harder", "I never found out whether our ideas were used.", {LOOP}),
    ("what_made_it_harder", "It would be good to know what was done with what we said.", {LOOP}),
    ("what_made_it_harder", "Nobody got back to us after the workshop.", {LOOP}),
    ("what_made_it_harder", "I still don't know if anything changed because of the meeting.", {LOOP}),
    ("what_made_it_harder", "We were asked the same questions last year and never found out what came of it.", {LOOP}),
    ("what_made_it_harder", "Please tell us what you did with our suggestions.", {LOOP}),
    ("what_made_it_harder", "Nobody told us what happened to the ideas from the ward meeting.", {LOOP}),
    ("what_made_it_harder", "Not sure what was done with our feedback from the first meeting.", {LOOP}),
    ("what_made_it_harder", "We found out months later that our ideas had been dropped and no one said why.", {LOOP}),
    ("what_made_it_harder", "I would like to be told what the project team did with our suggestions.", {LOOP}),
    ("what_made_it_harder", "After all that effort we were never told what came of it.", {LOOP}),
    ("what_helped", "Seeing the notes afterwards showing what was done with our ideas.", {LOOP}),
    ("what_helped", "The team came back and told us which of our ideas they had tried.", {LOOP}),
    ("what_made_it_harder", "I was never paid for my time and nobody told us what came of our ideas.", {PAY, LOOP}),
    ("what_made_it_harder", "The jargon was hard and we never found out what was done with our views.", {WORDS, LOOP}),
    ("what_made_it_harder", "The vouchers took three months to arrive.", {PAY}),
    ("what_made_it_harder", "Out of pocket for the bus fare again.", {PAY}),
    ("what_helped", "Getting cash for my time on the day felt fair.", {PAY}),
    ("what_helped", "Receiving money for my time showed they meant it.", {PAY}),
    ("what_made_it_harder", "Still waiting for my travel money from the last two sessions.", {PAY}),
    ("what_made_it_harder", "Staff get their wages for being there but we give our time for free.", {PAY}),
    ("what_made_it_harder", "I worry that getting money for this will affect my benefits.", {PAY}),
    ("what_helped", "They gave me a gift card and a letter saying how much my input mattered.", {PAY}),
    ("what_made_it_harder", "Nobody mentioned that we could claim for the taxi until I asked.", {PAY}),
    ("what_helped", "Being given the same rate as the professionals made me feel an equal.", {PAY}),
    ("what_made_it_harder", "I had to pay for my own lunch and the fare.", {PAY}),
    ("what_made_it_harder", "I couldn't follow half the words they used.", {WORDS}),
    ("what_made_it_harder", "They used lots of NHS words I had never heard before.", {WORDS}),
    ("what_made_it_harder", "I got lost in all the abbreviations on the slides.", {WORDS}),
    ("what_helped", "They checked we understood the words before moving on.", {WORDS}),
    ("what_helped", "Someone explained the QI words before we started.", {WORDS}),
    ("what_made_it_harder", "The papers were long and full of words only staff know.", {WORDS}),
    ("what_made_it_harder", "Half the slides were letters and numbers I could not make sense of.", {WORDS}),
    ("what_helped", "A one-page summary in everyday words made it easy to join in.", {WORDS}),
    ("what_made_it_harder", "People kept saying PDSA and nobody said what it stood for.", {WORDS}),
    ("what_made_it_harder", "I did not understand the words on the handouts.", {WORDS}),
    ("what_helped", "The chair stopped people when they used words we might not know.", {WORDS}),
    ("what_made_it_harder", "The meeting was at short notice and I have childcare to sort out.", {TIMING}),
    ("what_made_it_harder", "Evening meetings would be better for carers who work.", {TIMING}),
    ("what_made_it_harder", "There was nowhere to park near the building.", {TIMING}),
    ("what_made_it_harder", "The session ran on for three hours without a break.", {TIMING}),
    ("what_made_it_harder", "Staff did most of the talking and had decided everything before we arrived.",
     {"Power and equality"}),
    ("what_helped", "It felt like our voices counted as much as the consultant's.", {"Power and equality"}),
    ("what_made_it_harder", "Talking about my own care brought things back and there was no one to speak to after.",
     {"Wellbeing and safety"}),
    ("what_helped", "The director came along and listened, which showed they meant it.", {"Leadership and culture"}),
    ("what_made_it_harder", "I could not join the video call because I do not have a laptop.", {"Digital access"}),
    ("what_made_it_harder", "The room had no hearing loop so I missed a lot.", {"Access and adjustments"}),
    ("what_helped", "The session beforehand on how QI works gave me confidence.", {"Training and support"}),
    ("what_made_it_harder", "We were brought in after the plans were already made.", {"Early involvement"}),
    ("what_made_it_harder", "The nurses were too stretched to meet with us.", {"Staff capacity"}),
    ("what_made_it_harder", "Everyone there was over fifty; young people were missing.", {"Diversity and reach"}),
    ("what_made_it_harder", "I wasn't sure what I was there to do.", {"Role and purpose"}),
    ("what_helped", "Thank you for the tea and biscuits.", set()),
    ("what_helped", "Thank you, it was a lovely morning.", set()),
    ("what_made_it_harder", "Honestly the biscuits ran out, that's all.", {TIMING}),
    ("what_helped", "Meeting other carers who understood.", {"Training and support"}),
    ("what_helped", "Lunch was provided and the room was warm.", {"Access and adjustments"}),
    ("what_made_it_harder", "The agenda changed twice and nobody said why.", {TIMING}),
    ("what_helped", "Being asked what we thought right at the start, before any plans.", {"Early involvement"}),
    ("what_made_it_harder", "Six months on and we still have no idea what became of our ideas.", {LOOP}),
    ("what_helped", "A newsletter told us what was done with what we had said.", {LOOP}),
    ("what_made_it_harder", "The money for my time went into the wrong account and took weeks to sort.", {PAY}),
    ("what_made_it_harder", "I was left to cover the cost of the train myself.", {PAY}),
    ("what_made_it_harder", "Nobody said what the long words on the forms meant.", {WORDS}),
    ("what_helped", "They swapped the NHS words for everyday ones when we asked.", {WORDS}),
    ("what_made_it_harder", "Couldn't keep up with the abbreviations and nobody noticed.", {WORDS}),
    ("what_made_it_harder", "We spoke up at three meetings and never found out if it made any change.", {LOOP}),
]


def make_corrected_answers(session, comments: list[tuple[str, str, set[str]]]) -> list[Answer]:
    """Store each comment as the app does (redacted, analysed by the rules), then correct
    its themes as an organiser would on the results page."""
    survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
    questions = {question.key: question for question in session.scalars(
        select(Question).where(Question.version_id == survey.current_version_id))}
    organiser = User(email="organiser@example.org", role=UserRole.ORGANISER, password_hash="x")
    session.add(organiser)
    theme_ids = dict(session.execute(select(Theme.name, Theme.id)).all())
    tagger = cached_tagger("participation")
    answers = []
    for number, (key, text, themes) in enumerate(comments):
        response = Response(public_id=f"r{number:031d}", survey_version_id=survey.current_version_id,
                            respondent_role=RespondentRole.CARER, submitted_on=date(2026, 10, 1))
        prepared = tagger.prepare([(text, questions[key].polarity)])[0]
        answer = Answer(response=response, question_id=questions[key].id, text=prepared.stored_text)
        session.add(answer)
        session.flush()
        tagger.store(session, [(answer, questions[key], prepared.analysis)], date(2026, 10, 1))
        session.flush()
        correct_answer(session, answer_id=answer.id, theme_ids=[theme_ids[name] for name in themes],
                       sentiment=None, user=organiser)
        answers.append(answer)
    session.commit()
    return answers


def model_file(app) -> Path:
    return Path(app.instance_path) / "models" / "participation-themes.npz"


def tags_on(session, answer_id: int) -> dict[str, AnswerTheme]:
    rows = session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id == answer_id))
    return {row.theme.name: row for row in rows}


def train(runner, *args: str):
    return runner.invoke(args=["train-themes", *args])


def test_training_learns_the_themes_organisers_corrected_and_reports_how_well(app, runner, session, builtin):
    make_corrected_answers(session, CORRECTED_COMMENTS)
    assert app_tagger(app.config, app.instance_path).custom_theme_model is None
    result = train(runner)
    assert result.exit_code == 0, result.output
    model = LinearTextModel.load(model_file(app))
    assert {LOOP, PAY, WORDS} <= set(model.classes)
    assert "Power and equality" not in model.classes, "one example is too few: left to the rules"
    assert model.metadata["examples"] >= 50 and model.metadata["trained_at"]
    assert "Feedback loop" in result.output and "learnt" in result.output and "F1" in result.output
    assert "rules only" in result.output
    assert "flask --app wsgi reanalyse" in result.output
    assert not list(model_file(app).parent.glob("*.tmp")), "no temporary file is left behind"
    assert app_tagger(app.config, app.instance_path).custom_theme_model.metadata == model.metadata, "used without a restart"


def test_a_new_answer_is_tagged_by_the_model_with_its_name_and_confidence(app, client, runner, session, builtin):
    make_corrected_answers(session, CORRECTED_COMMENTS)
    assert train(runner, "--min-examples", "40").exit_code == 0
    submit(client, SURVEY, {"role": "service_user",
                            "what_made_it_harder": "I was not paid and never found out what was done with our ideas."})
    answer = session.scalars(select(Answer).order_by(Answer.id.desc())).first()
    tags = tags_on(session, answer.id)
    assert tags[LOOP].source is TagSource.MODEL
    assert "corrections" in tags[LOOP].evidence and 0 < tags[LOOP].confidence <= 1
    assert tags[PAY].source is TagSource.RULE and "paid" in tags[PAY].evidence, "the rules still run"


def test_too_few_corrections_say_what_to_do_and_save_no_model(app, runner, session, builtin):
    make_corrected_answers(session, CORRECTED_COMMENTS[:12])
    result = train(runner)
    assert result.exit_code != 0
    assert "at least 50 are needed" in result.output and "Correct the themes of more answers" in result.output
    assert not model_file(app).exists()


def test_reanalyse_applies_the_model_and_corrections_made_by_people_still_win(app, client, runner, session,
                                                                               builtin):
    answers = make_corrected_answers(session, CORRECTED_COMMENTS)
    submit(client, SURVEY, {"role": "carer", "what_made_it_harder": "We never found out what was done with our ideas."})
    earlier = session.scalars(select(Answer).order_by(Answer.id.desc())).first()
    assert LOOP not in tags_on(session, earlier.id), "the rules alone miss it"
    assert train(runner, "--min-examples", "40").exit_code == 0
    organiser = session.scalar(select(User))
    loop_answer = answers[1]  # "I never found out whether our ideas were used."
    correct_answer(session, answer_id=loop_answer.id, theme_ids=[], sentiment=None, user=organiser)
    session.commit()

    result = runner.invoke(args=["reanalyse"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert tags_on(session, loop_answer.id)[LOOP].removed, "the model does not put back a removed theme"
    assert not tags_on(session, answers[0].id)[LOOP].removed
    assert tags_on(session, earlier.id)[LOOP].source is TagSource.MODEL, "stored answers get the model's tags"


def test_missing_scikit_learn_gives_a_clear_message(app, runner, session, builtin, monkeypatch):
    make_corrected_answers(session, CORRECTED_COMMENTS)
    monkeypatch.setitem(sys.modules, "sklearn", None)  # what an install without the extra looks like
    result = train(runner, "--min-examples", "40")
    assert result.exit_code != 0
    assert "needs scikit-learn" in result.output and "pip install -e '.[train]'" in result.output
    assert not model_file(app).exists()


def test_a_taxonomy_with_a_shipped_model_is_not_retrained_from_corrections_alone(app, runner, builtin):
    result = train(runner, "--taxonomy", "qdc-v7")
    assert result.exit_code != 0 and "would make it worse" in result.output


def test_an_unreadable_model_file_leaves_the_rules_working(app, client, session, builtin):
    model_file(app).parent.mkdir(parents=True)
    model_file(app).write_bytes(b"not a model")
    response = submit(client, SURVEY, {"role": "carer", "what_made_it_harder": "Nobody paid my travel expenses."})
    assert response.status_code == 303, "the submission is stored, not a server error"
    answer = session.scalars(select(Answer).where(Answer.text.is_not(None))).one()
    assert tags_on(session, answer.id)[PAY].source is TagSource.RULE


def test_the_analyse_command_uses_the_trained_model_as_the_app_does(app, runner, session, builtin, tmp_path):
    import csv
    make_corrected_answers(session, CORRECTED_COMMENTS)
    assert train(runner, "--min-examples", "40").exit_code == 0
    answers = tmp_path / "answers.csv"
    answers.write_text("text\nI was not paid and never found out what was done with our ideas.\n", encoding="utf-8")
    result = runner.invoke(args=["analyse", str(answers), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    assert "Using the theme model trained from corrections" in result.stderr
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert LOOP in row["themes"].split("|") and PAY in row["themes"].split("|")


def test_a_model_folder_that_cannot_be_written_is_a_clear_message(app, runner, session, builtin):
    make_corrected_answers(session, CORRECTED_COMMENTS)
    models = model_file(app).parent
    models.parent.mkdir(parents=True, exist_ok=True)
    models.write_text("not a folder")
    result = train(runner, "--min-examples", "40")
    assert result.exit_code == 1 and "could not be saved" in result.output and "Traceback" not in result.output
