"""Forms for safeguarding: the contacts, and flagging or unflagging an answer by hand."""
from __future__ import annotations

from wtforms import EmailField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from ..analysis.risk_categories import choosable_categories
from .forms import WorkspaceForm, email_validators

REASON_MAX_CHARS = 2000
WHOLE_TRUST_CHOICE = ""


class ContactForm(WorkspaceForm):
    email = EmailField("Email address", validators=email_validators("Enter the contact's email address"))
    survey = SelectField("Which surveys", default=WHOLE_TRUST_CHOICE, validate_choice=False)

    def validate_survey(self, field_: SelectField) -> None:
        if field_.data not in {choice.value for choice in field_.choices}:
            raise ValidationError("Select every survey or one survey from the list")


def _reason(label: str, missing: str) -> TextAreaField:
    return TextAreaField(label, validators=[
        InputRequired(missing),
        Length(max=REASON_MAX_CHARS, message=f"The reason must be {REASON_MAX_CHARS:,} characters or fewer")])


class HandFlagForm(WorkspaceForm):
    category = RadioField("What kind of risk?", choices=[SelectChoice(key, label) for key, label in choosable_categories()],
                          validators=[InputRequired("Select the kind of risk")])
    reason = _reason("Why are you flagging this answer?", "Enter why you are flagging this answer")

    def validate_category(self, field_: RadioField) -> None:
        # WTForms' own message ("Not a valid choice") does not say what to do.
        field_.errors[:] = ["Select the kind of risk from the list"] if field_.errors else []


class UnflagForm(WorkspaceForm):
    reason = _reason("Why is this not a safeguarding concern?", "Enter why this is not a safeguarding concern")
