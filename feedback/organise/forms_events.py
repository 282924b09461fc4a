"""The event form."""
from __future__ import annotations

from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..models import Involvement, Survey
from .fields import DateInputField
from .forms import WorkspaceForm

INVOLVEMENT_CHOICES = [
    SelectChoice(Involvement.BIG_I.value, "Yes, as full members of the team (\"Big I\")"),
    SelectChoice(Involvement.LITTLE_I.value, "They are consulted, but not team members (\"little i\")"),
    SelectChoice(Involvement.UNKNOWN.value, "Not known"),
]


class EventForm(WorkspaceForm):
    name = StringField("Event name", validators=[
        InputRequired("Enter the name of the event"),
        Length(max=200, message="Enter an event name that is 200 characters or fewer")])
    held_on = DateInputField("Date of the event", required=True, what="the date of the event")
    place = StringField("Place", validators=[
        Optional(), Length(max=200, message="Enter a place that is 200 characters or fewer")])
    qi_project = StringField("QI project", validators=[
        Optional(), Length(max=200, message="Enter a project name that is 200 characters or fewer")])
    involvement = RadioField("Are service users or carers on this project's team?",
                             choices=INVOLVEMENT_CHOICES, default=Involvement.UNKNOWN.value,
                             validators=[InputRequired("Select whether service users or carers are on the team")])
    surveys = SelectMultipleField("Which surveys should people answer?", validators=[
        InputRequired("Select at least one survey")])

    def set_survey_choices(self, surveys: list[Survey]) -> None:
        self.surveys.choices = [SelectChoice(str(survey.id), survey.title) for survey in surveys]
