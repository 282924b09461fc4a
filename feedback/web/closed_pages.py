"""The page for a survey or event that is closed or not open yet, for the public survey
pages and the kiosk alike; it shows back anything typed into a form that cannot be sent."""
from __future__ import annotations

from typing import Any

from flask import render_template

from ..clock import trust_today
from ..models import Event, Survey
from ..responses.closed import not_open_yet, unsent_answers, unsent_need_help
from .survey_forms import sent_form_data


def closed_page(*, survey: Survey | None = None, event: Event | None = None,
                answered: Survey | None = None, **page: Any) -> tuple[str, int]:
    """410 for closed; 403 for a draft, or a published survey whose first day has not come.

    `answered` is the survey whose form was sent, when the person was part-way through
    it; `page` holds more template settings (the kiosk's layout).
    """
    not_yet, opens_on = not_open_yet(survey, trust_today())
    unsent = unsent_answers(answered, sent_form_data(answered))
    html = render_template("surveys/closed.html", survey=survey, event=event, not_yet=not_yet, opens_on=opens_on,
                           unsent=unsent, needs_help=unsent_need_help(unsent), **page)
    return html, 403 if not_yet else 410
