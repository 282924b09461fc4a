"""Email summaries of a survey carry its chart over time, with the same words as the page."""
from __future__ import annotations

import io
from datetime import date, datetime

from PIL import Image
from sqlalchemy.orm import Session

from feedback.mail.compose import MailSettings, compose_summary
from feedback.mail.periods import Period
from feedback.measures import tallies
from feedback.measures.email import survey_trend
from feedback.models import Frequency, ScopeKind

from ..mail.conftest import make_subscription
from .history import RULES, months_from, seed_history

SPECS = [(20, 10 + n % 3, 0, 6) for n in range(12)] + [(20, 15, 0, 6)] * 3


def test_the_summary_shows_the_chart_with_its_reading(app, session: Session) -> None:
    history = seed_history(session, months_from(date(2025, 1, 1), SPECS))
    today = date(2026, 4, 2)
    assert survey_trend(session, history.survey.id, RULES, today=today) is None  # never counted: no slow count
    tallies.refresh(session, history.survey.id)
    session.commit()
    trend = survey_trend(session, history.survey.id, RULES, today=today)
    assert trend.title == "I was treated as an equal."
    assert trend.headline.startswith("Special cause improvement")
    assert Image.open(io.BytesIO(trend.png)).format == "PNG"

    subscription = make_subscription(session, scope_kind=ScopeKind.SURVEY, scope_id=history.survey.id,
                                     scope_name=history.survey.slug, frequency=Frequency.MONTHLY, weekday=None)
    period = Period(date(2026, 3, 1), date(2026, 4, 1), datetime(2026, 4, 1, 7))
    message = compose_summary(session, subscription, period, MailSettings.from_config(app.config),
                              now=datetime(2026, 4, 2, 7))
    assert f"Over time: {trend.title}" in message.body_text and trend.headline in message.body_text
    assert trend.headline in message.body_html and f'alt="Chart over time of {trend.title}' in message.body_html
    assert message.inline_image == trend.png and message.body_html.count("cid:") == 1
