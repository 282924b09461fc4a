"""The event form."""
from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..models import QIProject, QuestionLayout, Survey
from .fields import DateInputField
from .forms import LISTING_CHOICES, WorkspaceForm
from .forms_surveys import LAYOUT_CHOICES


class EventForm(WorkspaceForm):
    name = StringField("Event name", validators=[
        InputRequired("Enter the name of the event"),
        Length(max=200, message="Enter an event name that is 200 characters or fewer")])
    held_on = DateInputField("Date of the event", required=True, what="the date of the event")
    place = StringField("Place", validators=[
        Optional(), Length(max=200, message="Enter a place that is 200 characters or fewer")])
    project = SelectField("QI project", default="", validate_choice=False, validators=[Optional()])
    surveys = SelectMultipleField("Which surveys should people answer?",
                                  invalid_choice_message="Select surveys from the list shown", validators=[
        InputRequired("Select at least one survey")])

    easy_read = BooleanField("Open the Easy Read version")
    # Left out of a post, an event keeps what it had, as for listing below.
    question_layout = RadioField("How the questions are shown", default=QuestionLayout.SURVEY.value, choices=[
        SelectChoice(QuestionLayout.SURVEY.value, "As each survey is set",
                     render_kw={"hint": "What each survey's settings say. A built-in survey's settings cannot be "
                                        "changed, so choose here to show it one question per page"}),
        *LAYOUT_CHOICES], validators=[Optional()])
    # Left out of a post, an event keeps what it had (the form is filled from the event).
    listing = RadioField("Show it on the home page?", choices=LISTING_CHOICES, default="listed",
                         validators=[Optional()])

    def set_project_choices(self, projects: list[QIProject]) -> None:
        self.project.choices = [SelectChoice("", "Not part of a QI project")] + [
            SelectChoice(str(project.id), project.name) for project in projects]

    def validate_project(self, field: SelectField) -> None:
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Select a project from the list")

    def project_id(self) -> int | None:
        return int(self.project.data) if self.project.data else None

    def set_survey_choices(self, surveys: list[Survey]) -> None:
        self.surveys.choices = [SelectChoice(str(survey.id), survey.title) for survey in surveys]
