"""What every WTForms form of the service can share, public or organiser (FormMeta):

- text that looks empty (spaces, zero-width or other invisible characters) counted as
  empty, so a required box filled with them is refused as empty, and such characters at
  either end of what is typed dropped; control characters dropped everywhere.

Passwords are taken as typed."""
from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, StringField
from wtforms.validators import InputRequired, StopValidation

from .form_input import is_blank, strip_blank_edges, without_control_characters


class TextRequired(InputRequired):
    """InputRequired for text: spaces and invisible characters alone are no answer."""

    def __call__(self, form: Any, field: Field) -> None:
        if is_blank(field.data if isinstance(field.data, str) else None):
            field.errors[:] = []
            raise StopValidation(self.message or field.gettext("This field is required."))


def _clean_text(value: object) -> object:
    return strip_blank_edges(without_control_characters(value)) if isinstance(value, str) else value


def _without_control_characters(value: object) -> object:
    return without_control_characters(value) if isinstance(value, str) else value


class FormMeta(FlaskForm.Meta):
    """Meta for a form's class: `class Meta(FormMeta): ...`, or subclass a form that has it."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
        field_class = unbound_field.field_class
        if not issubclass(field_class, StringField):
            return unbound_field.bind(form=form, **options)
        filters = list(unbound_field.kwargs.get("filters", ()))
        if issubclass(field_class, PasswordField):
            # PostgreSQL refuses NUL outright; nothing else of a password is changed.
            return unbound_field.bind(form=form, filters=[*filters, _without_control_characters], **options)
        if unbound_field.kwargs.get("validators"):
            options = {**options, "validators": [TextRequired(check.message) if type(check) is InputRequired
                                                 else check for check in unbound_field.kwargs["validators"]]}
        return unbound_field.bind(form=form, filters=[*filters, _clean_text], **options)
