"""The form for an organiser's own measure: question, title, direction, target, change dates."""
from __future__ import annotations

import math
from datetime import date

from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..form_input import EARLIEST_YEAR, LATEST_YEAR, YEARS_ALLOWED
from ..measures.series import parse_date
from ..measures.spc import Improvement
from ..models import QuestionType
from .forms import WorkspaceForm

IMPROVEMENT_CHOICES = [
    SelectChoice(Improvement.INCREASE.value, "Higher is better"),
    SelectChoice(Improvement.DECREASE.value, "Lower is better"),
    SelectChoice(Improvement.NEUTRAL.value, "Neither: show changes without calling them good or bad"),
]
TYPE_WORDS = {QuestionType.AGREEMENT: "share who agree", QuestionType.YES_NO: "share who say yes",
              QuestionType.SCALE_0_10: "average score out of 10"}
MAX_CHANGES = 50


class MeasureForm(WorkspaceForm):
    question = SelectField("Question", validators=[InputRequired("Select the question to measure")])
    title = StringField("Name of the measure", validators=[
        InputRequired("Enter a name for the measure"),
        Length(max=200, message="Enter a name that is 200 characters or fewer")])
    improvement = RadioField("Which way is better?", choices=IMPROVEMENT_CHOICES, default=Improvement.INCREASE.value,
                             validators=[InputRequired("Select which way is better")])
    target = StringField("Target (optional)", validators=[Optional(), Length(max=20, message="Enter a shorter target")])
    changes = TextAreaField("Dates of changes (optional)", validators=[
        Optional(), Length(max=2000, message="Enter fewer change dates")])

    def set_questions(self, questions: dict[str, tuple[QuestionType, str]]) -> None:
        self._kinds = {key: kind for key, (kind, _) in questions.items()}
        self.question.choices = [SelectChoice(key, f"{prompt} ({TYPE_WORDS[kind]})")
                                 for key, (kind, prompt) in questions.items()]

    def validate_question(self, field: SelectField) -> None:
        if field.data not in getattr(self, "_kinds", {}):
            raise ValidationError("Select a question from the list")

    def validate_target(self, field: StringField) -> None:
        if not (field.data or "").strip():
            return
        text = field.data.strip().rstrip("%").strip()
        try:
            value = float(text)
        except ValueError:
            raise ValidationError("Enter the target as a number, like 80") from None
        kind = getattr(self, "_kinds", {}).get(self.question.data)
        top = 10 if kind is QuestionType.SCALE_0_10 else 100
        if not math.isfinite(value) or not 0 <= value <= top:
            raise ValidationError(f"Enter a target from 0 to {top}")

    def validate_changes(self, field: TextAreaField) -> None:
        self.change_dates()

    def target_value(self) -> float | None:
        text = (self.target.data or "").strip().rstrip("%").strip()
        return float(text) if text else None

    def change_dates(self) -> list[date]:
        """The dates typed, one a line, or a ValidationError naming the line at fault."""
        dates = []
        lines = [line.strip() for line in (self.changes.data or "").splitlines()]
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            parsed = parse_date(line)
            if parsed is None:
                raise ValidationError(f"Line {number} of the change dates is not a date: enter it like 1/4/2025")
            if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
                raise ValidationError(f"Line {number} of the change dates must be {YEARS_ALLOWED}")
            dates.append(parsed)
        if len(dates) > MAX_CHANGES:
            raise ValidationError(f"Enter {MAX_CHANGES} change dates or fewer")
        return sorted(set(dates))
