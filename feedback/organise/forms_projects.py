"""The QI project forms: details, a change of stage, a change of involvement."""
from __future__ import annotations

from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..models import Involvement, ProjectStage
from ..projects.register import STAGE_WORDS
from .fields import DateInputField
from .forms import WorkspaceForm

INVOLVEMENT_HINTS = {
    Involvement.BIG_I: "Yes, as full members of the team (\"Big I\")",
    Involvement.LITTLE_I: "They are consulted, but not team members (\"little i\")",
    Involvement.NOT_INVOLVED: "No, they are not involved",
    Involvement.UNKNOWN: "Not known",
}


class ProjectForm(WorkspaceForm):
    name = StringField("Project name", validators=[
        InputRequired("Enter the name of the project"),
        Length(max=200, message="Enter a project name that is 200 characters or fewer")])
    service = StringField("Service or team", validators=[
        Optional(), Length(max=200, message="Enter a service or team that is 200 characters or fewer")])
    aim = TextAreaField("Aim", validators=[
        Optional(), Length(max=2000, message="Enter an aim that is 2000 characters or fewer")])
    started_on = DateInputField("Date the project started", required=True, what="the date the project started")


class StageForm(WorkspaceForm):
    stage = RadioField("Stage", choices=[SelectChoice(stage.value, STAGE_WORDS[stage]) for stage in ProjectStage],
                       validators=[InputRequired("Select the stage the project is in")])
    changed_on = DateInputField("Date the project entered this stage", required=True,
                                what="the date the project entered this stage")
    note = TextAreaField("Note (optional)", validators=[
        Optional(), Length(max=1000, message="Enter a note that is 1000 characters or fewer")])


class InvolvementForm(WorkspaceForm):
    involvement = RadioField("Are service users or carers on the project's team?",
                             choices=[SelectChoice(value.value, INVOLVEMENT_HINTS[value]) for value in Involvement],
                             validators=[InputRequired("Select whether service users or carers are on the team")])
    changed_on = DateInputField("From which date?", required=True, what="the date this started")
    note = TextAreaField("Note (optional)", validators=[
        Optional(), Length(max=1000, message="Enter a note that is 1000 characters or fewer")])

