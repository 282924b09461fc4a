"""Forms for survey settings and questions."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..config import MAX_FREE_TEXT_CHARS
from ..form_input import is_blank, strip_blank_edges
from ..models import PromptPolarity, QuestionType, SurveyStatus
from .fields import DateInputField
from .forms import LISTING_CHOICES, WorkspaceForm

TYPE_CHOICES = [
    SelectChoice(QuestionType.SINGLE_CHOICE.value, "Choose one answer", render_kw={"hint": "You write the answers"}),
    SelectChoice(QuestionType.MULTIPLE_CHOICE.value, "Choose any number of answers",
                 render_kw={"hint": "You write the answers; people tick all that apply"}),
    SelectChoice(QuestionType.AGREEMENT.value, "Agreement scale",
                 render_kw={"hint": "Strongly agree to strongly disagree"}),
    SelectChoice(QuestionType.SCALE_0_10.value, "Scale from 0 to 10"),
    SelectChoice(QuestionType.YES_NO.value, "Yes or no"),
    SelectChoice(QuestionType.FREE_TEXT.value, "Written answer",
                 render_kw={"hint": "People write in their own words; the text analysis reads these"}),
]
POLARITY_CHOICES = [
    SelectChoice(PromptPolarity.ENABLER.value, "What helped (for example, \"What helped you take part?\")"),
    SelectChoice(PromptPolarity.BARRIER.value, "What got in the way (for example, \"What made it harder?\")"),
    SelectChoice(PromptPolarity.NEUTRAL.value, "Neither, or both"),
]
LAYOUT_CHOICES = [
    SelectChoice("one_page", "All questions on one page",
                 render_kw={"hint": "Quickest for short surveys and people who know what to expect"}),
    SelectChoice("one_per_page", "One question per page",
                 render_kw={"hint": "Easier for people who find long forms hard: 'Question 2 of 7', a back link, "
                                    "and a page to check the answers before sending them"}),
]
STATUS_CHOICES = [
    SelectChoice(SurveyStatus.DRAFT.value, "Draft: not shown to anyone yet"),
    SelectChoice(SurveyStatus.OPEN.value, "Open: taking answers between the dates below"),
    SelectChoice(SurveyStatus.CLOSED.value, "Closed: not taking answers"),
]


class SurveySettingsForm(WorkspaceForm):
    title = StringField("Title", validators=[
        InputRequired("Enter a title for the survey"),
        Length(max=200, message="Enter a title that is 200 characters or fewer")])
    intro = TextAreaField("Introduction", validators=[
        Optional(), Length(max=2000, message="Enter an introduction that is 2,000 characters or fewer")])
    what_happens_next = TextAreaField("What happens next", validators=[
        Optional(), Length(max=2000, message="Enter 'what happens next' in 2,000 characters or fewer")])
    opens_on = DateInputField("Opens on (optional)", what="the opening date")
    closes_on = DateInputField("Closes on (optional)", what="the closing date")
    # Left out of a post, the survey keeps what it had (the form is filled from the survey).
    layout = RadioField("How the questions are shown", choices=LAYOUT_CHOICES, default="one_page",
                        validators=[Optional()])
    listing = RadioField("Show it on the home page?", choices=LISTING_CHOICES, default="listed",
                         validators=[Optional()])
    status = RadioField("Status", choices=STATUS_CHOICES, validators=[InputRequired("Select a status")])

    def validate_closes_on(self, field: DateInputField) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError("The closing date must be the same as or after the opening date")


class QuestionForm(WorkspaceForm):
    type = RadioField("Type of question", choices=TYPE_CHOICES,
                      validators=[InputRequired("Select the type of question")])
    prompt = TextAreaField("Question", validators=[
        InputRequired("Enter the question"), Length(max=500, message="Enter a question that is 500 characters or fewer")])
    hint = TextAreaField("Hint (optional)", validators=[
        Optional(), Length(max=500, message="Enter a hint that is 500 characters or fewer")])
    choices = TextAreaField("Answers to choose from", validators=[
        Optional(), Length(max=6000, message="Enter shorter answers")])
    required = BooleanField("People must answer this question")
    error_message = StringField("Message if it is not answered (optional)", validators=[
        Optional(), Length(max=200, message="Enter a message that is 200 characters or fewer")])
    polarity = RadioField("For written answers: what does the question ask about?", choices=POLARITY_CHOICES,
                          default=PromptPolarity.NEUTRAL.value,
                          validators=[InputRequired("Select what the question asks about")])
    # Left empty, the question follows the service's FREE_TEXT_MAX_CHARS.
    max_chars = IntegerField("For written answers: most characters allowed (optional)", validators=[
        Optional(), NumberRange(min=1, max=MAX_FREE_TEXT_CHARS,
                                message=f"Enter a number between 1 and {MAX_FREE_TEXT_CHARS}")])

    def validate(self, extra_validators=None) -> bool:
        """Every problem at once; the written-answer settings count only for written answers."""
        valid = super().validate(extra_validators)
        chosen = self.type.data
        if chosen and chosen != QuestionType.FREE_TEXT.value and self.max_chars.errors:
            self.max_chars.errors = []  # the hint says the limit is only for written answers
            self.max_chars.data = None
            valid = not self.errors
        return valid

    def validate_choices(self, field: TextAreaField) -> None:
        written_choices = self.type.data in (QuestionType.SINGLE_CHOICE.value, QuestionType.MULTIPLE_CHOICE.value)
        # A line of spaces or invisible characters alone is no answer (feedback/form_input.py).
        if written_choices and len({strip_blank_edges(line).lower() for line in (field.data or "").splitlines()
                                    if not is_blank(line)}) < 2:
            raise ValidationError("Enter at least 2 answers to choose from, one on each line")
