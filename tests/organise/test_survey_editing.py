"""The survey editing service: definitions in, versions out, answered versions untouched."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from feedback.models import AuditLog, Choice, PromptPolarity, Question, QuestionType, SurveyStatus, SurveyVersion
from feedback.organise.survey_editing import (
    EditError,
    choices_from_lines,
    duplicate_survey,
    find_question,
    move_question,
    question_spec,
    refresh_slug,
    remove_question,
    save_spec,
    set_status,
    slugify,
    version_to_spec,
)
from feedback.responses.submission import Submission, record_response


@pytest.fixture
def draft(session, builtin):
    survey = duplicate_survey(session, builtin["after-an-event"], by=None)
    session.commit()
    return survey


def test_a_copy_is_a_draft_with_the_same_questions(session, builtin, draft):
    original = builtin["after-an-event"]
    assert draft.slug == "copy-of-tell-us-about-the-event-you-came-to"
    assert draft.status is SurveyStatus.DRAFT and not draft.built_in
    assert draft.title == "Copy of Tell us about the event you came to"
    assert version_to_spec(draft)["questions"] == version_to_spec(original)["questions"]
    again = duplicate_survey(session, original, by=None)
    assert again.slug == "copy-of-tell-us-about-the-event-you-came-to-2"


def test_spec_round_trip_keeps_every_detail(draft):
    spec = version_to_spec(draft)
    role = find_question(spec, "role")
    assert role["required"] and role["error_message"].startswith("Select who you are")
    assert role["choices"][0] == ["service_user", "I use mental health services"]
    helped = find_question(spec, "what_helped")
    # The built-in questions set no limit of their own: they follow FREE_TEXT_MAX_CHARS.
    assert (helped["polarity"], helped["max_chars"]) == ("enabler", None)
    assert "choices" not in find_question(spec, "listened_to")  # scales carry their own answers


def test_editing_an_unanswered_version_changes_it_in_place(session, draft):
    version_id = draft.current_version_id
    spec = version_to_spec(draft)
    spec["title"] = "After the carers' coffee morning"
    move_question(spec, "what_helped", -1)
    save_spec(session, draft, spec, by=None, action="settings")
    session.commit()
    session.expire_all()
    assert draft.current_version_id == version_id
    assert draft.current_version.title == "After the carers' coffee morning"
    keys = [question.key for question in draft.current_version.questions]
    assert keys[4:6] == ["what_helped", "support_to_take_part"]
    assert [question.position for question in draft.current_version.questions] == list(range(len(keys)))
    assert session.scalar(select(func.count()).select_from(SurveyVersion).where(SurveyVersion.survey_id == draft.id)) == 1


def test_editing_an_answered_version_makes_a_new_one(session, draft):
    old = draft.current_version
    record_response(session, version=old, event=None, today=date.today(),
                    submission=Submission(answers={"role": "carer", "what_helped": "Free parking"}))
    session.commit()
    spec = version_to_spec(draft)
    remove_question(spec, "what_helped")
    new = save_spec(session, draft, spec, by=None, action="delete_question")
    session.commit()
    session.expire_all()
    assert new.number == 2 and draft.current_version_id == new.id
    assert "what_helped" not in [question.key for question in new.questions]
    old = session.get(SurveyVersion, old.id)
    assert "what_helped" in [question.key for question in old.questions]  # old answers keep their question
    assert session.scalar(select(AuditLog.detail).where(AuditLog.action == "survey.delete_question")) == "new version 2"


def test_built_in_surveys_are_never_changed(session, builtin):
    survey = builtin["after-an-event"]
    with pytest.raises(EditError, match="Make a copy"):
        save_spec(session, survey, version_to_spec(survey), by=None, action="settings")


def test_question_spec_for_each_type(draft):
    taken = {"role"}
    free = question_spec(question_type=QuestionType.FREE_TEXT, prompt="What got in the way?", required=True,
                         error_message="Tell us what got in the way", polarity=PromptPolarity.BARRIER,
                         max_chars=500, taken_keys=taken)
    assert free == {"key": "what_got_in_the_way", "type": "free_text", "prompt": "What got in the way?", "hint": "",
                    "required": True, "error_message": "Tell us what got in the way", "polarity": "barrier",
                    "max_chars": 500}
    choice = question_spec(question_type=QuestionType.SINGLE_CHOICE, prompt="Role?", choices_text="Carer\n\nStaff\n",
                           taken_keys={"role"})
    assert choice["key"] == "role_2" and choice["choices"] == [["carer", "Carer"], ["staff", "Staff"]]
    scale = question_spec(question_type=QuestionType.SCALE_0_10, prompt="How likely?", choices_text="ignored")
    assert "choices" not in scale and "max_chars" not in scale
    with pytest.raises(EditError, match="at least 2 answers"):
        question_spec(question_type=QuestionType.MULTIPLE_CHOICE, prompt="Which?", choices_text="Only one")
    with pytest.raises(EditError, match="between 1 and 2000"):
        question_spec(question_type=QuestionType.FREE_TEXT, prompt="Tell us", max_chars=5000)
    with pytest.raises(EditError, match="Enter the question"):
        question_spec(question_type=QuestionType.YES_NO, prompt="   ")


def test_changed_choice_labels_keep_their_old_values():
    existing = [["sometimes_yes", "Sometimes"], ["no", "No"]]
    assert choices_from_lines("Sometimes\nNever\nNo\nnever", existing) == [
        ["sometimes_yes", "Sometimes"], ["never", "Never"], ["no", "No"]]


def test_keys_never_take_the_forms_own_names():
    spec = question_spec(question_type=QuestionType.YES_NO, prompt="CSRF token?")
    assert spec["key"] != "csrf_token"
    assert slugify("Ça va? Öffnungszeiten!") == "ca_va_offnungszeiten"


def test_saving_a_new_question_builds_its_choices(session, draft):
    spec = version_to_spec(draft)
    spec["questions"].append(question_spec(question_type=QuestionType.MULTIPLE_CHOICE, prompt="How did you hear?",
                                           choices_text="Poster\nFriend\nWard staff",
                                           taken_keys={q["key"] for q in spec["questions"]}))
    save_spec(session, draft, spec, by=None, action="question")
    session.commit()
    question = session.scalars(select(Question).where(Question.version_id == draft.current_version_id,
                                                      Question.key == "how_did_you_hear")).one()
    assert [choice.label for choice in question.choices] == ["Poster", "Friend", "Ward staff"]
    assert session.scalar(select(func.count()).select_from(Choice).where(Choice.question_id == question.id)) == 3


def test_publishing_needs_a_question(session, draft):
    spec = version_to_spec(draft)
    spec["questions"] = []
    save_spec(session, draft, spec, by=None, action="delete_question")
    with pytest.raises(EditError, match="Add at least one question"):
        set_status(session, draft, SurveyStatus.OPEN, by=None)


def test_saving_without_a_change_makes_no_new_version(session, draft):
    record_response(session, version=draft.current_version, event=None, today=date.today(),
                    submission=Submission(answers={"role": "carer"}))
    session.commit()
    same = save_spec(session, draft, version_to_spec(draft), by=None, action="settings")
    assert same.number == 1
    assert session.scalar(select(func.count()).select_from(AuditLog)) == 1  # only the duplicate


def test_a_draft_takes_its_address_from_its_title_until_anyone_answers(session, builtin, draft):
    draft.current_version.title = "Tell us about the event you came to"  # the built-in's title and slug
    refresh_slug(session, draft)
    assert draft.slug == "tell-us-about-the-event-you-came-to"  # the built-in is "after-an-event"
    record_response(session, version=draft.current_version, event=None, today=date.today(),
                    submission=Submission(answers={"role": "carer"}))
    session.flush()
    draft.current_version.title = "Something else"
    refresh_slug(session, draft)
    assert draft.slug == "tell-us-about-the-event-you-came-to"


def test_changing_an_answered_questions_type_makes_it_a_new_question(session, draft):
    # Written answers cannot share a results column with an agreement scale: if the key
    # stayed, the old answers would vanish from the results and the export.
    record_response(session, version=draft.current_version, event=None, today=date.today(),
                    submission=Submission(answers={"role": "carer", "what_helped": "Free parking"}))
    session.commit()
    spec = version_to_spec(draft)
    find_question(spec, "what_helped").update(type="agreement", prompt="The help I got was enough.")
    new = save_spec(session, draft, spec, by=None, action="edit_question")
    keys = {question.key: question.type for question in new.questions}
    assert keys["what_helped_2"] is QuestionType.AGREEMENT and "what_helped" not in keys
    assert keys["what_made_it_harder"] is QuestionType.FREE_TEXT  # unchanged questions keep their keys

    again = version_to_spec(draft)  # editing the new, unanswered version keeps the new key
    find_question(again, "what_helped_2")["prompt"] = "The help I got was right for me."
    assert "what_helped_2" in [question.key for question in save_spec(session, draft, again, by=None,
                                                                       action="edit_question").questions]


def test_an_open_survey_cannot_lose_its_last_question(session, draft):
    set_status(session, draft, SurveyStatus.OPEN, by=None)
    spec = version_to_spec(draft)
    spec["questions"] = spec["questions"][:1]
    save_spec(session, draft, spec, by=None, action="delete_question")
    last = version_to_spec(draft)
    remove_question(last, spec["questions"][0]["key"])
    with pytest.raises(EditError, match="at least one question"):
        save_spec(session, draft, last, by=None, action="delete_question")
    assert len(draft.current_version.questions) == 1


def test_a_question_whose_type_changed_is_told_apart_by_version_in_the_results(session, draft):
    from feedback.reports.results import survey_questions
    record_response(session, version=draft.current_version, event=None, today=date.today(),
                    submission=Submission(answers={"role": "carer", "listened_to": "agree"}))
    session.commit()
    spec = version_to_spec(draft)
    listened = find_question(spec, "listened_to")
    prompt = listened["prompt"]
    listened.update(type="yes_no")
    save_spec(session, draft, spec, by=None, action="edit_question")
    session.commit()
    headings = [question.prompt for question in survey_questions(session, draft.id) if question.prompt.startswith(prompt)]
    assert sorted(headings) == [f"{prompt} (version 1)", f"{prompt} (version 2)"]
