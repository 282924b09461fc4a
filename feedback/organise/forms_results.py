"""Forms for results: the GET filter form (read by hand: dates come as day, month, year
boxes, the NHS.UK pattern) and the posted correction and flag forms."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from wtforms import RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..form_input import EARLIEST_YEAR, LATEST_YEAR, YEARS_ALLOWED, whole_number
from ..i18n.languages import LANGUAGES
from ..models import RespondentRole, ResponseFormat, Sentiment
from ..reports.filters import ResultsFilter
from ..reports.page import FORMAT_LABELS, ROLE_LABELS
from .forms import WorkspaceForm

DATE_PARTS = ("day", "month", "year")
DATE_FIELDS = {"from": "From", "to": "To"}


@dataclass
class FilterForm:
    """What the filter form shows: the values as typed, and any problems, by field id."""
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    filters: ResultsFilter | None = None

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{field_id}"} for field_id, message in self.errors.items()]

    def query_args(self) -> dict[str, str]:
        """The filters as query arguments, for links (exports, quotes) that keep them."""
        return {name: value for name, value in self.values.items() if value}


def read_filters(args: Mapping[str, str], *, survey_id: int, event_ids: set[int],
                 fixed_event_id: int | None = None) -> FilterForm:
    form = FilterForm(values={name: args.get(name, "").strip()[:20] for name in _names()})
    dates: dict[str, date | None] = {}
    for prefix, label in DATE_FIELDS.items():
        dates[prefix] = _read_date(form, prefix, label)
    if dates["from"] and dates["to"] and dates["to"] < dates["from"]:
        form.errors["to-day"] = "The 'To' date must be the same as or after the 'From' date"
    role = None
    if form.values["role"]:
        if form.values["role"] not in {item.value for item in ROLE_LABELS}:
            form.errors["role"] = "Select a respondent role from the list"
        else:
            role = RespondentRole(form.values["role"])
    event_id = fixed_event_id
    if fixed_event_id is None and form.values["event"]:
        event_id = whole_number(form.values["event"])
        if event_id not in event_ids:
            form.errors["event"] = "Select an event from the list"
            event_id = None
    language = None
    if form.values["language"]:
        if form.values["language"] not in LANGUAGES:
            form.errors["language"] = "Select a language from the list"
        else:
            language = form.values["language"]
    answered_in = None
    if form.values["answered_in"]:
        if form.values["answered_in"] not in {item.value for item in FORMAT_LABELS}:
            form.errors["answered_in"] = "Select a format from the list"
        else:
            answered_in = ResponseFormat(form.values["answered_in"])
    if not form.errors:
        form.filters = ResultsFilter(survey_id=survey_id, event_id=event_id, date_from=dates["from"],
                                     date_to=dates["to"], role=role, language=language, format=answered_in)
    return form


def _names() -> list[str]:
    return [f"{prefix}-{part}" for prefix in DATE_FIELDS for part in DATE_PARTS] + ["role", "event", "language", "answered_in"]


def _read_date(form: FilterForm, prefix: str, label: str) -> date | None:
    parts = [form.values[f"{prefix}-{part}"] for part in DATE_PARTS]
    if not any(parts):
        return None
    if not all(parts):
        missing = [name for name, value in zip(DATE_PARTS, parts) if not value]
        form.errors[f"{prefix}-{missing[0]}"] = f"The '{label}' date must include a {missing[0]}"
        return None
    day, month, year = (whole_number(part, digits=4) for part in parts)
    if year is not None and len(parts[2]) == 4 and not EARLIEST_YEAR <= year <= LATEST_YEAR:
        form.errors[f"{prefix}-year"] = f"The '{label}' date must be {YEARS_ALLOWED}"
        return None
    try:
        if day is None or month is None or year is None or len(parts[2]) != 4:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        form.errors[f"{prefix}-day"] = f"Enter a real '{label}' date, for example 27 3 2026"
        return None


class CorrectionForm(WorkspaceForm):
    sentiment = RadioField("Sentiment", choices=[
        SelectChoice(Sentiment.POSITIVE.value, "Positive"), SelectChoice(Sentiment.NEUTRAL.value, "Neutral or mixed"),
        SelectChoice(Sentiment.NEGATIVE.value, "Negative")],
        validators=[InputRequired("Select the sentiment of this answer")])
    # Choices are set per request from the taxonomy; none ticked is allowed (no theme fits).
    themes = SelectMultipleField("Themes", coerce=int, validate_choice=True)

    def validate_themes(self, field_: SelectMultipleField) -> None:
        # WTForms' own message ("'x' is not a valid choice") does not say what to do.
        field_.errors[:] = ["Select themes from the list shown"] if field_.errors else []


class HandleFlagForm(WorkspaceForm):
    note = TextAreaField("What was done (optional)", validators=[Length(max=2000, message=(
        "What was done must be 2,000 characters or fewer"))])
