"""Kiosk tokens: a signed, expiring reference to a kiosk session, carried in the URL.

Why a token rather than a signed-in session: the tablet is left with the public, so it
must not hold an organiser's session at all. The token grants one thing only (answering
one survey for one event). It names a KioskSession row, so the session can be ended from
the workspace, ends when its organiser is switched off, and lasts KIOSK_TOKEN_HOURS (a
working day); it also stops working when the event is closed.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..audit import record
from ..models import Event, KioskSession, Survey, User

SALT = "feedback.kiosk"


class KioskTokenExpired(Exception):
    """The token was genuine but is too old: someone must start kiosk mode again.

    `ticket` still says which survey it was for, to show back what was typed."""

    def __init__(self, ticket: "KioskTicket | None") -> None:
        super().__init__("kiosk token expired")
        self.ticket = ticket


class KioskTokenInvalid(Exception):
    """The token was not made by this service (or was altered)."""


@dataclass(frozen=True)
class KioskTicket:
    event_id: int
    survey_id: int
    key: str | None = None  # the KioskSession's; a link from before sessions were kept has none


def make_token(secret: str, ticket: KioskTicket) -> str:
    return URLSafeTimedSerializer(secret, salt=SALT).dumps({"e": ticket.event_id, "s": ticket.survey_id,
                                                            "k": ticket.key})


def start_kiosk(session: Session, event: Event, survey: Survey, *, by: User, lasts: timedelta,
                now: datetime) -> tuple[KioskSession, KioskTicket]:
    kiosk = KioskSession(key=secrets.token_hex(16), event_id=event.id, survey_id=survey.id, started_by_id=by.id,
                         started_at=now, expires_at=now + lasts)
    session.add(kiosk)
    session.flush()
    record(session, user=by, action="kiosk.start", target=f"event {event.code}", detail=f"survey {survey.slug}")
    return kiosk, KioskTicket(event_id=event.id, survey_id=survey.id, key=kiosk.key)


def kiosk_session(session: Session, ticket: KioskTicket) -> KioskSession | None:
    if not ticket.key:
        return None
    return session.scalar(select(KioskSession).where(KioskSession.key == ticket.key))


def live_kiosks(session: Session, event_id: int, now: datetime) -> list[KioskSession]:
    """The event's kiosk sessions that still take answers, newest first."""
    found = session.scalars(select(KioskSession).where(
        KioskSession.event_id == event_id, KioskSession.ended_at.is_(None), KioskSession.expires_at > now)
        .order_by(KioskSession.started_at.desc(), KioskSession.id.desc()))
    return [kiosk for kiosk in found if kiosk.live(now)]


def end_kiosk(session: Session, kiosk: KioskSession, *, by: User | None, now: datetime) -> None:
    if kiosk.ended_at is not None:
        return
    kiosk.ended_at, kiosk.ended_by_id = now, by.id if by else None
    record(session, user=by, action="kiosk.end", target=f"event {kiosk.event.code}", detail=f"survey {kiosk.survey.slug}")


def end_kiosks_started_by(session: Session, user: User, now: datetime) -> None:
    """When an organiser is switched off, every kiosk they started ends with them."""
    session.execute(update(KioskSession).where(KioskSession.started_by_id == user.id,
                                               KioskSession.ended_at.is_(None)).values(ended_at=now))


def read_token(secret: str, token: str, *, max_age_seconds: int) -> KioskTicket:
    serializer = URLSafeTimedSerializer(secret, salt=SALT)
    try:
        data = serializer.loads(token, max_age=max_age_seconds)
    except SignatureExpired as error:
        raise KioskTokenExpired(_ticket(serializer.load_payload(error.payload))) from error
    except BadSignature as error:
        raise KioskTokenInvalid from error
    ticket = _ticket(data)
    if ticket is None:
        raise KioskTokenInvalid
    return ticket


def _ticket(data: object) -> KioskTicket | None:
    if not isinstance(data, dict) or not isinstance(data.get("e"), int) or not isinstance(data.get("s"), int):
        return None
    key = data.get("k")
    return KioskTicket(event_id=data["e"], survey_id=data["s"], key=key if isinstance(key, str) else None)
