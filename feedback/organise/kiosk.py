"""Kiosk tokens: a signed, expiring reference to an event and survey, carried in the URL.

Why a token rather than a signed-in session: the tablet is left with the public, so it
must not hold an organiser's session at all. The token grants one thing only (answering
one survey for one event), expires on its own, and stops working when the event is
closed. Nothing is stored for it, so every worker can check it.
"""
from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

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


def make_token(secret: str, ticket: KioskTicket) -> str:
    return URLSafeTimedSerializer(secret, salt=SALT).dumps({"e": ticket.event_id, "s": ticket.survey_id})


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
    return KioskTicket(event_id=data["e"], survey_id=data["s"])
