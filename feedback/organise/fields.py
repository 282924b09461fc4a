"""A WTForms field for the NHS.UK date input: three boxes named name[day], name[month], name[year]."""
from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

from ..form_input import EARLIEST_YEAR, LATEST_YEAR, YEARS_ALLOWED, whole_number

PARTS = ("day", "month", "year")


class DateInputField(Field):
    """A date typed as day, month and year. Messages follow the NHS.UK date input pattern."""

    def __init__(self, label: str = "", validators: list | None = None, *, required: bool = False,
                 what: str = "the date", **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.required = required
        self.what = what
        self.raw: dict[str, str] = dict.fromkeys(PARTS, "")
        self.problem: str | None = None
        self.problem_parts: set[str] = set()

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data
        if isinstance(data, date):
            self.raw = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        if formdata is not None and any(f"{self.name}[{part}]" in formdata for part in PARTS):
            self.raw = {part: str(formdata.get(f"{self.name}[{part}]", "")).strip()[:8] for part in PARTS}
            self.data = self._parse()

    def _parse(self) -> date | None:
        missing = [part for part in PARTS if not self.raw[part]]
        if len(missing) == 3:
            if self.required:
                self._fail(f"Enter {self.what}", set(PARTS))
            return None
        if missing:
            self._fail(f"{self.what.capitalize()} must include a {' and '.join(missing)}", set(missing))
            return None
        day, month, year = (whole_number(self.raw[part], digits=8) for part in PARTS)
        if day is None or month is None or year is None:
            self._fail(f"{self.what.capitalize()} must be a real date, written in numbers", set(PARTS))
            return None
        if len(self.raw["year"]) != 4:  # 26 for 2026, or a digit too many
            self._fail(f"{self.what.capitalize()} must include a year with 4 numbers, like 2026", {"year"})
            return None
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:  # 1999 or 9999: 4 numbers, but out of range
            self._fail(f"{self.what.capitalize()} must be {YEARS_ALLOWED}", {"year"})
            return None
        try:
            return date(year, month, day)
        except ValueError:
            self._fail(f"{self.what.capitalize()} must be a real date", set(PARTS))
            return None

    def _fail(self, message: str, parts: set[str]) -> None:
        self.problem = message
        self.problem_parts = parts

    def pre_validate(self, form: Any) -> None:
        if self.problem:
            raise StopValidation(self.problem)

    def items(self) -> list[dict[str, Any]]:
        """Items for the NHS.UK dateInput macro, marking the boxes that need fixing."""
        widths = {"day": 2, "month": 2, "year": 4}
        return [{"name": part, "value": self.raw[part], "width": widths[part],
                 "classes": "nhsuk-input--error" if self.errors and (part in self.problem_parts or not self.problem_parts) else ""}
                for part in PARTS]
