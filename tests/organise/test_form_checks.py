"""What every organiser form shares (feedback/form_checks.py): a box holding only spaces or
invisible characters is empty, and WTForms' own messages are replaced by ones that say
what to do."""
from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from feedback.form_checks import PlainMessagesMeta
from feedback.form_input import is_blank, strip_blank_edges
from feedback.models import Event, QIProject, User
from feedback.organise.forms import WorkspaceForm
from tests.helpers import copy_of_event_survey, submit
from tests.organise.conftest import sign_in_as
from tests.organise.test_events import NEW_EVENT
from tests.organise.test_projects import NEW_PROJECT
from tests.pages import parse

# Zero-width space, word joiner, byte-order mark, zero-width joiner, soft hyphen, a
# right-to-left mark, the Hangul filler and plain spaces: all look empty.
INVISIBLE = ["\u200b\u200b", "\u2060", "\ufeff", "\u200d", "\u00ad", "\u200f", "\u3164", " \u200b \u00a0"]


def _summary(response) -> list[str]:
    return [link.get_text(strip=True) for link in parse(response.get_data(as_text=True)).select(".nhsuk-error-summary a")]


def test_text_that_shows_nothing_is_blank_and_its_invisible_edges_go():
    assert all(is_blank(text) for text in INVISIBLE) and is_blank("") and is_blank(None)
    assert not is_blank("a\u200b") and not is_blank("\u200bé")
    assert strip_blank_edges("\ufeff Coffee morning\u200b ") == "Coffee morning"
    assert strip_blank_edges("👩\u200d👩\u200d👧") == "👩\u200d👩\u200d👧"  # a joiner inside an emoji stays


@pytest.mark.parametrize("name", INVISIBLE)
def test_an_event_named_only_with_invisible_characters_is_refused(client, session, builtin, organiser, name):
    sign_in_as(client, organiser)
    response = submit(client, "/organise/events/new",
                      NEW_EVENT | {"name": name, "surveys": [str(builtin["after-an-event"].id)]})
    assert response.status_code == 400
    assert _summary(response) == ["Enter the name of the event"]
    page = parse(response.get_data(as_text=True))
    assert page.select_one("input[name=place]")["value"] == NEW_EVENT["place"], "what was typed is kept"
    assert session.scalar(select(func.count()).select_from(Event)) == 1  # only the demo event


def test_invisible_characters_around_a_name_are_not_kept(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    response = submit(client, "/organise/events/new",
                      NEW_EVENT | {"name": "\u200bCarers' coffee morning\ufeff", "surveys": [str(builtin["after-an-event"].id)]})
    assert response.status_code == 303
    assert session.scalars(select(Event.name).order_by(Event.id.desc())).first() == "Carers' coffee morning"


def test_projects_users_and_surveys_refuse_invisible_names(client, session, builtin, admin):
    sign_in_as(client, admin)
    project = submit(client, "/organise/projects/new", NEW_PROJECT | {"name": "\u2060\u200b"})
    assert project.status_code == 400 and _summary(project) == ["Enter the name of the project"]
    assert session.scalar(select(func.count()).select_from(QIProject)) == 0
    user = submit(client, "/organise/users/new", {"name": "\ufeff", "email": "new@example.nhs.uk", "role": "viewer"})
    assert user.status_code == 400 and _summary(user) == ["Enter their name"]
    assert session.scalar(select(func.count()).select_from(User).where(User.email == "new@example.nhs.uk")) == 0
    survey = copy_of_event_survey(session, builtin)
    settings = submit(client, f"/organise/surveys/{survey.id}/settings", {"title": "\u200b \u200b", "status": "draft"})
    assert settings.status_code == 400 and _summary(settings) == ["Enter a title for the survey"]


def test_a_line_of_invisible_characters_is_not_an_answer_to_choose(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    response = submit(client, f"/organise/surveys/{survey.id}/questions/new", {
        "type": "single_choice", "prompt": "Pick one", "choices": "Tea\r\n\u200b\r\n\ufeff\u2060", "polarity": "neutral"})
    assert response.status_code == 400
    assert _summary(response) == ["Enter at least 2 answers to choose from, one on each line"]


def test_wtforms_own_messages_never_reach_organisers(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    question = submit(client, f"/organise/surveys/{survey.id}/questions/new",
                      {"type": "a-tampered-value", "prompt": "Pick one", "polarity": "neutral"})
    assert question.status_code == 400
    assert _summary(question) == ["Select one of the options shown"]
    settings = submit(client, f"/organise/surveys/{survey.id}/settings", {"title": "A title", "status": "bogus"})
    assert settings.status_code == 400 and _summary(settings) == ["Select one of the options shown"]


def test_the_plain_messages_replace_wtforms_defaults_and_keep_the_numbers(app):
    class Plain(WorkspaceForm):
        count = IntegerField("Count")
        picks = SelectMultipleField("Picks", choices=[SelectChoice("a", "A")])
        words = StringField("Words", validators=[Length(max=3)])
        needed = StringField("Needed", validators=[InputRequired()])
        numbers = SelectMultipleField("Numbers", coerce=int, choices=[SelectChoice(1, "One")])

    sent = MultiDict([("count", "lots"), ("picks", "z"), ("words", "toolong"), ("needed", "\u200b"), ("numbers", "x")])
    with app.test_request_context():
        form = Plain(sent, meta={"csrf": False})
        assert not form.validate()
        assert form.errors == {"count": ["Enter a whole number, like 12"], "picks": ["Select only the options shown"],
                               "words": ["Enter 3 characters or fewer"], "needed": ["Fill in this part of the form"],
                               "numbers": ["Select only the options shown"]}


def test_a_form_can_take_the_plain_messages_alone_and_keep_its_text_as_typed(app):
    class MessagesOnly(FlaskForm):
        Meta = PlainMessagesMeta
        count = IntegerField("Count")
        answer = StringField("Answer")

    with app.test_request_context():
        form = MessagesOnly(MultiDict([("count", "lots"), ("answer", " \u200bas typed ")]), meta={"csrf": False})
        assert not form.validate()
        assert form.errors == {"count": ["Enter a whole number, like 12"]}
        assert form.answer.data == " \u200bas typed "
