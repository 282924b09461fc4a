"""What several mail tests share: a Monday morning, a busy week of answers, and the parts of a sent email."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from feedback.models import Answer, Direction, RespondentRole, SafeguardingFlag, Sentiment
from tests.factories import make_theme
from tests.mail.conftest import add_responses
from tests.pages import parse

WEEK = date(2026, 3, 30)                    # the week Monday 30 March to Sunday 5 April
MONDAY = datetime(2026, 4, 6, 6, 0)         # 07:00 BST on Monday 6 April 2026


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def words(html: str) -> str:
    """What a reader sees of an HTML part, with the whitespace collapsed."""
    return " ".join(parse(html).get_text().split())


def busy_week(session, survey):
    travel = make_theme(session, name="Travel and payment")
    welcome = make_theme(session, name="Feeling welcome")
    add_responses(session, survey=survey, on=WEEK, count=10, role=RespondentRole.SERVICE_USER, agree=True,
                  text="They paid my bus fare on the day, which made all the difference.", theme=travel)
    add_responses(session, survey=survey, on=date(2026, 4, 2), count=6, role=RespondentRole.CARER, agree=True,
                  text="Everyone said hello and I felt part of the group.", theme=welcome)
    add_responses(session, survey=survey, on=date(2026, 4, 5), count=6, role=RespondentRole.CARER, agree=False,
                  text="The room was up three flights of stairs.", direction=Direction.BARRIER,
                  theme=make_theme(session, name="Access to the venue"), sentiment=Sentiment.NEGATIVE)
    add_responses(session, survey=survey, on=date(2026, 3, 25), count=10, agree=False)  # the week before
    risky = add_responses(session, survey=survey, on=WEEK, count=1, agree=False, text="SECRET-RISK-TEXT I feel unsafe",
                          direction=Direction.BARRIER, sentiment=Sentiment.NEGATIVE)
    answer = session.scalar(select(Answer).where(Answer.response_id == risky[0].id, Answer.text.is_not(None)))
    session.add(SafeguardingFlag(answer_id=answer.id, reasons="test", flagged_on=WEEK))
    session.commit()
