"""One question per page (the GOV.UK Forms pattern): a start page, a page for each
question ("Question 2 of 7", a back link), then "check your answers", then send.

Every answer travels in each page's form as hidden fields, never only in the session, so
an expired session or a language switch loses nothing, and nothing is stored before the
person sends from the check page: a survey left half-way counts as no response at all.
(From a page's POST to the page it leads to, which comes by a redirect, the sent form is
kept server-side for a moment: feedback/web/redisplay.py.)
No Flask here: the view passes what the browser sent (`request.form`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..form_input import whole_number
from ..models import Event, QuestionLayout, QuestionType, Survey
from .forms import SurveyForm, invalid_choice_messages

# The hidden field naming the page the form was sent from, and the button that was pressed.
# A leading underscore keeps them apart from question keys, which never start with one.
PAGE_FIELD = "_page"
GO_FIELD = "_go"
# Set while a question is opened from "check your answers": Continue goes back there.
CHANGING_FIELD = "_changing"
START, CHECK = "start", "check"
# In the address a page comes to by redirect, so Back to it finds the same page again.
PAGE_QUERY = "page"
NEXT, BACK, SEND, CHANGE = "next", "back", "send", "change:"


@dataclass(frozen=True)
class Page:
    """Where the person is: the start page, question `index` (from 0), or the check page."""
    kind: str
    index: int = 0

    @property
    def value(self) -> str:
        return str(self.index) if self.kind == "question" else self.kind


@dataclass(frozen=True)
class Move:
    """The page to show next. `send`: the person asked to send from the check page;
    `invalid`: the question they answered has a problem, shown again on its page."""
    page: Page
    changing: bool = False
    send: bool = False
    invalid: bool = False


def one_question_per_page(survey: Survey, event: Event | None, *, easy_read: bool) -> bool:
    """Whether the survey is shown a question at a time here: always in Easy Read, else as
    the event chooses, else as the survey is set."""
    if easy_read:
        return True
    layout = event.question_layout if event is not None else QuestionLayout.SURVEY
    if layout is QuestionLayout.SURVEY:
        return survey.one_question_per_page
    return layout is QuestionLayout.ONE_PER_PAGE


def sent_page(form_data: Mapping[str, Any], count: int) -> Page:
    """The page the form came from; the start page if the value is missing or damaged."""
    value = str(form_data.get(PAGE_FIELD, START))
    if value == CHECK:
        return Page(CHECK)
    index = whole_number(value)
    if index is not None and index < count:
        return Page("question", index)
    return Page(START)


def move(form: SurveyForm, keys: list[str], form_data: Mapping[str, Any]) -> Move:
    """Where a sent page leads. Only the question on the page sent is checked, and only
    when going forward: Back and Change never lose or judge what was typed."""
    here = sent_page(form_data, len(keys))
    changing = form_data.get(CHANGING_FIELD) == "1"
    go = str(form_data.get(GO_FIELD, NEXT))
    if go == SEND:
        return Move(Page(CHECK), send=True)
    if go.startswith(CHANGE) and go.removeprefix(CHANGE) in keys:
        return Move(Page("question", keys.index(go.removeprefix(CHANGE))), changing=True)
    if go == BACK:
        if here.kind == CHECK and keys:
            return Move(Page("question", len(keys) - 1))
        if here.kind == "question" and here.index > 0 and not changing:
            return Move(Page("question", here.index - 1))
        return Move(Page(CHECK) if changing else Page(START))
    if here.kind == START:
        return Move(Page("question", 0) if keys else Page(CHECK))
    if here.kind == CHECK:
        return Move(here)
    field = form.answer(keys[here.index])
    if not field.validate(form):
        invalid_choice_messages(form)
        return Move(here, changing=changing, invalid=True)
    if changing or here.index + 1 == len(keys):
        return Move(Page(CHECK))
    return Move(Page("question", here.index + 1))


def page_in_address(query: Mapping[str, Any], count: int) -> Move:
    """The page an address names (PAGE_QUERY), as a page kept across a redirect gave it."""
    return Move(sent_page({PAGE_FIELD: query.get(PAGE_QUERY, START)}, count))


def same_page(form_data: Mapping[str, Any], count: int) -> Move:
    """The page the form was sent from, shown again as it was (a language switch, or a page
    kept across a redirect: feedback/web/redisplay.py)."""
    return Move(sent_page(form_data, count), changing=form_data.get(CHANGING_FIELD) == "1")


def arriving_at(step: Move) -> dict[str, str | None]:
    """The fields that make a form sent from one page say it is on `step`'s page instead,
    for same_page to find it there (None: not sent)."""
    return {PAGE_FIELD: step.page.value, CHANGING_FIELD: "1" if step.changing else None, GO_FIELD: None}


def carried_values(form: SurveyForm, keys: list[str], shown_key: str | None = None) -> list[tuple[str, str]]:
    """(name, value) of the hidden fields carrying every answer but the one on the page."""
    carried = []
    for key in keys:
        if key == shown_key:
            continue
        data = form.answer(key).data
        values = data if isinstance(data, list) else [data]
        carried += [(key, str(value)) for value in values if value not in (None, "")]
    return carried


def answer_shown(question: Any, data: str | list[str] | None) -> list[str]:
    """An answer as words for the check page: the chosen labels, or the text as written."""
    if data in (None, "", []):
        return []
    if question.type is QuestionType.FREE_TEXT:
        return [str(data)]
    chosen = set(data) if isinstance(data, list) else {data}
    return [choice.label for choice in question.choices if choice.value in chosen]
