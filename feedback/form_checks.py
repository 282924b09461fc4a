"""What every WTForms form of the service can share, public or organiser (FormMeta, or
PlainMessagesMeta for the messages alone):

- WTForms' own messages ("Not a valid choice.", "Not a valid integer value.") in plain
  words that say what to do, marked for translation: a form's own message still wins;
- text that looks empty (spaces, zero-width or other invisible characters) counted as
  empty, so a required box filled with them is refused as empty, and such characters at
  either end of what is typed dropped; control characters dropped everywhere.

Passwords are taken as typed. No request here: the messages are translated by Flask-Babel
for the locale the page chose."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, StringField
from wtforms.i18n import DummyTranslations
from wtforms.validators import InputRequired, StopValidation

from .form_input import is_blank, strip_blank_edges, without_control_characters

_CHOOSE_FROM_LIST = _l("Select one of the options shown")
PLAIN_MESSAGES = {
    "Not a valid choice.": _CHOOSE_FROM_LIST,
    "Invalid Choice: could not coerce.": _CHOOSE_FROM_LIST,
    "Invalid choice(s): one or more data inputs could not be coerced.": _l("Select only the options shown"),
    "Invalid value, must be one of: %(values)s.": _CHOOSE_FROM_LIST,
    "Not a valid integer value.": _l("Enter a whole number, like 12"),
    "Not a valid float value.": _l("Enter a number, like 12 or 2.5"),
    "Not a valid decimal value.": _l("Enter a number, like 12 or 2.5"),
    "Not a valid date value.": _l("Enter a real date, like 27 3 2026"),
    "Not a valid datetime value.": _l("Enter a real date and time"),
    "Not a valid time value.": _l("Enter a real time, like 14:30"),
    "This field is required.": _l("Fill in this part of the form"),
    "Invalid input.": _l("Check what you entered here and change it"),
    "Field must be between %(min)d and %(max)d characters long.": _l("Enter between %(min)d and %(max)d characters"),
    "Number must be at least %(min)s.": _l("Enter a number that is %(min)s or more"),
    "Number must be at most %(max)s.": _l("Enter a number that is %(max)s or less"),
    "Number must be between %(min)s and %(max)s.": _l("Enter a number between %(min)s and %(max)s"),
}
# (singular, plural) as WTForms asks for them -> one message for any number.
PLAIN_PLURAL_MESSAGES = {
    ("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field."):
        _l("Select only the options shown"),
    ("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."):
        _l("Enter at least %(min)d characters"),
    ("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."):
        _l("Enter %(max)d characters or fewer"),
    ("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long."):
        _l("Enter exactly %(max)d characters"),
}


class PlainMessages:
    """WTForms' translations interface: its default messages replaced, anything else
    passed on to the translations Flask-WTF would have used."""

    def __init__(self, fallback: Any) -> None:
        self.fallback = fallback or DummyTranslations()  # None when WTForms' i18n is off

    def gettext(self, string: str) -> str:
        plain = PLAIN_MESSAGES.get(string)
        return str(plain) if plain is not None else self.fallback.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        plain = PLAIN_PLURAL_MESSAGES.get((singular, plural))
        return str(plain) if plain is not None else self.fallback.ngettext(singular, plural, n)


# WTForms' own msgid, which PLAIN_MESSAGES replaces (a name, so Babel does not collect it).
_WTFORMS_REQUIRED = "This field is required."


class TextRequired(InputRequired):
    """InputRequired for text: spaces and invisible characters alone are no answer."""

    def __call__(self, form: Any, field: Field) -> None:
        if is_blank(field.data if isinstance(field.data, str) else None):
            field.errors[:] = []
            raise StopValidation(self.message or field.gettext(_WTFORMS_REQUIRED))


def _clean_text(value: object) -> object:
    return strip_blank_edges(without_control_characters(value)) if isinstance(value, str) else value


def _without_control_characters(value: object) -> object:
    return without_control_characters(value) if isinstance(value, str) else value


class PlainMessagesMeta(FlaskForm.Meta):
    """The plain messages alone, for a form whose text is checked its own way (the public
    survey form counts spaces at the ends of an answer, as its on-screen count does)."""

    def get_translations(self, form: Any) -> PlainMessages:
        return PlainMessages(super().get_translations(form))


class FormMeta(PlainMessagesMeta):
    """Meta for a form's class: `Meta = FormMeta`, or subclass a form that has it."""

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
