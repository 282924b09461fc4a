"""Forms for accounts and users. Messages tell people what to do ("Enter ...", "Select ...")."""
from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, Field, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Regexp

from ..form_checks import FormMeta
from ..mail.subscriptions import EMAIL_ADDRESS, EMAIL_MAX_LENGTH
from ..models import UserRole
from .fields import PARTS, DateInputField

ROLE_CHOICES = [
    SelectChoice(UserRole.VIEWER.value, "Viewer: can read results"),
    SelectChoice(UserRole.ORGANISER.value, "Organiser: can also run events and surveys, and export results"),
    SelectChoice(UserRole.ADMIN.value, "Administrator: can also manage accounts and read the audit log"),
]


class WorkspaceForm(FlaskForm):
    """Base for every workspace form: WTForms' own messages in plain words, text without
    control characters (PostgreSQL refuses NUL outright), and a box holding only spaces or
    invisible characters counted as empty (feedback/form_checks.py)."""

    Meta = FormMeta


# The form's CSRF token had expired, or the session was renewed (signed in again in another
# tab) since the page was opened: nothing was saved, and the form is shown again as typed.
NOT_SAVED_TIMED_OUT = ("This page had been open a long time, so what you entered was not saved. It is shown "
                       "again below: check it, then send it again")


def error_list(form: FlaskForm) -> list[tuple[str, str]]:
    """(anchor id, first message) for each field with a problem, in the order they appear.

    The anchor is the first box to fix, so the error summary link puts the cursor there. A
    token that did not check out comes first, linked to the form's first box."""
    fields = [field for field in form if field.name != "csrf_token"]
    problems = [(_anchor(field), field.errors[0]) for field in fields if field.errors]
    if "csrf_token" in form and form.csrf_token.errors:
        problems.insert(0, (_anchor(fields[0]) if fields else "maincontent", NOT_SAVED_TIMED_OUT))
    return problems


def _anchor(field: Field) -> str:
    if isinstance(field, DateInputField):
        part = next((part for part in PARTS if part in field.problem_parts), "day")
        return f"{field.id}-{part}"
    return field.id


class SignInForm(WorkspaceForm):
    email = EmailField("Email address", validators=[
        InputRequired("Enter your email address"), Length(max=254, message="Enter a shorter email address")])
    password = PasswordField("Password", validators=[
        InputRequired("Enter your password"), Length(max=128, message="Enter your password")])


class ChangePasswordForm(WorkspaceForm):
    current_password = PasswordField("Current password", validators=[
        InputRequired("Enter your current password"), Length(max=128, message="Enter your current password")])
    new_password = PasswordField("New password", validators=[InputRequired("Enter a new password")])
    confirm_password = PasswordField("New password again", validators=[InputRequired("Enter the new password again")])


def email_validators(missing: str) -> list[Any]:
    """Checks for an email address field; `missing` says what to enter when it is empty."""
    return [
        InputRequired(missing),
        Length(max=EMAIL_MAX_LENGTH, message=f"Enter an email address that is {EMAIL_MAX_LENGTH} characters or fewer"),
        Regexp(EMAIL_ADDRESS, message="Enter an email address in the correct format, like name@example.nhs.uk"),
    ]


class NewUserForm(WorkspaceForm):
    email = EmailField("Email address", validators=email_validators("Enter their email address"))
    name = StringField("Name", validators=[
        InputRequired("Enter their name"), Length(max=120, message="Enter a name that is 120 characters or fewer")])
    role = RadioField("What can they do?", choices=ROLE_CHOICES,
                      validators=[InputRequired("Select what they can do")])


class RoleForm(WorkspaceForm):
    role = RadioField("What can they do?", choices=ROLE_CHOICES,
                      validators=[InputRequired("Select what they can do")])


class ConfirmForm(WorkspaceForm):
    """A button with only a CSRF token: deactivate, reset a password, close an event."""


# Surveys and events alike: listed on the home page, or only for people given the link.
LISTING_CHOICES = [
    SelectChoice("listed", "Listed on the home page", render_kw={"hint": "Anyone who opens the service sees it"}),
    SelectChoice("unlisted", "Not listed: only people with the link or QR code can open it",
                 render_kw={"hint": "For example, a staff survey sent by email, or an event for one group"}),
]
