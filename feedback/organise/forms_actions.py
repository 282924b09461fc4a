"""The forms for a 'you said, we did' action: what was said and done, status, links, closing."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..actions.records import STATUS_WORDS
from ..actions.wording import public_text_problem, team_name_problem
from ..models import ActionStatus
from ..reports.suppression import Rules
from .fields import DateInputField
from .forms import WorkspaceForm

STATUS_HINTS = {ActionStatus.PLANNED: "Agreed, but not started yet", ActionStatus.IN_PROGRESS: "Work has started",
                ActionStatus.DONE: "Finished"}
TEXT_LIMIT = 2000


class LinkField(SelectMultipleField):
    """Checkboxes of things an action can answer; a value not on the list gets plain words."""

    def __init__(self, label: str, what: str, **kwargs: Any) -> None:
        super().__init__(label, validators=[], **kwargs)
        self.what = what

    def pre_validate(self, form: Any) -> None:
        known = {str(choice.value) for choice in self.choices or []}
        if any(value not in known for value in self.data or []):
            raise ValidationError(f"Select {self.what} from the list shown")

    def ids(self) -> list[int]:
        return [int(value) for value in self.data or []]


class ActionForm(WorkspaceForm):
    said = TextAreaField("What people said", validators=[
        InputRequired("Enter what people said, in your own words"),
        Length(max=TEXT_LIMIT, message=f"Enter what people said in {TEXT_LIMIT} characters or fewer")])
    done = TextAreaField("What was done, or what is planned", validators=[
        InputRequired("Enter what was done or what is planned"),
        Length(max=TEXT_LIMIT, message=f"Enter what was done in {TEXT_LIMIT} characters or fewer")])
    status = RadioField("Where is it up to?", default=ActionStatus.PLANNED.value,
                        choices=[SelectChoice(status.value, STATUS_WORDS[status], render_kw={"hint": STATUS_HINTS[status]})
                                 for status in ActionStatus],
                        validate_choice=False, validators=[InputRequired("Select where it is up to")])
    status_on = DateInputField("When did it reach this stage?", required=True, what="the date it reached this stage")
    due_on = DateInputField("When do you expect it to be done? (optional)", what="the date you expect it to be done")
    responsible = StringField("Who is responsible", validators=[
        InputRequired("Enter who is responsible"),
        Length(max=200, message="Enter who is responsible in 200 characters or fewer")])
    public_team = StringField("Team name for public pages (optional)", validators=[
        Optional(), Length(max=200, message="Enter a team name that is 200 characters or fewer")])
    themes = LinkField("Themes", "themes")
    surveys = LinkField("Surveys", "surveys")
    events = LinkField("Events", "events")
    project = SelectField("QI project (optional)", validate_choice=False)

    def set_context(self, *, rules: Rules, staff_names: Iterable[str], today: date,
                    themes: list[SelectChoice], surveys: list[SelectChoice], events: list[SelectChoice],
                    projects: list[SelectChoice]) -> None:
        self._rules, self._staff, self._today = rules, list(staff_names), today
        self.themes.choices, self.surveys.choices, self.events.choices = themes, surveys, events
        self.project.choices = [SelectChoice("", "None"), *projects]

    def validate_project(self, field: SelectField) -> None:
        if (field.data or "") not in {choice.value for choice in field.choices}:
            raise ValidationError("Select a QI project from the list shown")

    def project_id(self) -> int | None:
        return int(self.project.data) if self.project.data else None

    def validate_said(self, field: TextAreaField) -> None:
        self._public(field)

    def validate_done(self, field: TextAreaField) -> None:
        self._public(field)

    def _public(self, field: TextAreaField) -> None:
        problem = public_text_problem(field.data or "", self._rules, self._staff)
        if problem:
            raise ValidationError(problem)

    def validate_public_team(self, field: StringField) -> None:
        problem = team_name_problem(field.data or "", self._staff) or public_text_problem(
            field.data or "", self._rules, self._staff)
        if problem:
            raise ValidationError(problem)

    def validate_status(self, field: RadioField) -> None:
        if field.data not in ActionStatus._value2member_map_:
            raise ValidationError("Select where it is up to")

    def validate_status_on(self, field: Any) -> None:
        if field.data and field.data > self._today:
            raise ValidationError("The date it reached this stage must be today or in the past")

    def validate_due_on(self, field: Any) -> None:
        start = self.status_on.data
        if field.data and start and field.data < start:
            raise ValidationError("The date you expect it to be done must be on or after the date it reached this stage")

    def validate_themes(self, field: LinkField) -> None:
        if not (self.themes.data or self.surveys.data or self.events.data or self.project.data):
            raise ValidationError("Select at least one theme, survey, event or QI project that this action answers")


class CloseActionForm(WorkspaceForm):
    note = TextAreaField("Why is it closing without being done?", validators=[
        Length(max=TEXT_LIMIT, message=f"Enter the reason in {TEXT_LIMIT} characters or fewer")])

    def set_context(self, *, needs_reason: bool, rules: Rules, staff_names: Iterable[str]) -> None:
        self._needs_reason, self._rules, self._staff = needs_reason, rules, list(staff_names)

    def validate_note(self, field: TextAreaField) -> None:
        text = (field.data or "").strip()
        if self._needs_reason and not text:
            raise ValidationError("Enter why it is closing without being done: people will read this")
        problem = public_text_problem(text, self._rules, self._staff)
        if problem:
            raise ValidationError(problem)


class QuoteForm(WorkspaceForm):
    quote = RadioField("Which answer should the public pages quote?", validate_choice=False,
                       validators=[InputRequired("Select a quote, or no quote")])

    def set_quotes(self, quotes: dict[int, str]) -> None:
        self.quote.choices = [SelectChoice("none", "No quote"),
                              *(SelectChoice(str(answer_id), f"\u201c{text}\u201d") for answer_id, text in quotes.items())]

    def validate_quote(self, field: RadioField) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Select a quote from the list, or no quote")

    def answer_id(self) -> int | None:
        return None if self.quote.data == "none" else int(self.quote.data)
