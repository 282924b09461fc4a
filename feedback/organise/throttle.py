"""Wrong passwords slow an account down instead of locking it (ASVS 2.2.1).

A hard lockout after five failures let anyone lock any account, the only administrator's
included, again and again. Now the first FREE_FAILURES wrong passwords cost nothing; each
one after that makes the next attempt on the account wait twice as long (1, 2, 4, 8
minutes, never more than MAX_WAIT), so a guesser gets a few tries an hour while the
owner waits at most a quarter of an hour. The first time an account is made to wait, its
owner is emailed a link that ends the wait, and `flask unlock EMAIL` does the same, so an
administrator can always get back in. Wrong current passwords on the password change
page count too. No Flask here; the caller commits.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..audit import record
from ..mail.compose import MailSettings
from ..models import OutboxMessage, User

FREE_FAILURES = 3
FIRST_WAIT = timedelta(minutes=1)
MAX_WAIT = timedelta(minutes=15)
UNLOCK_SALT = "feedback.unlock"
UNLOCK_LINK_LIFETIME = timedelta(hours=2)


def wait_after(failures: int) -> timedelta | None:
    """How long the account waits after this many failures in a row (None: no wait)."""
    if failures <= FREE_FAILURES:
        return None
    return min(MAX_WAIT, FIRST_WAIT * 2 ** (failures - FREE_FAILURES - 1))


def waiting(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def count_failure(session: Session, user: User, now: datetime, settings: MailSettings | None = None) -> None:
    """One more wrong password: maybe a wait, and the first wait of a run emails the owner."""
    # Increment in SQL so two workers failing at once both count.
    session.execute(update(User).where(User.id == user.id).values(failed_sign_ins=User.failed_sign_ins + 1))
    session.refresh(user, ["failed_sign_ins"])
    wait = wait_after(user.failed_sign_ins)
    if wait is None:
        return
    user.locked_until = now + wait
    if user.failed_sign_ins == FREE_FAILURES + 1 and settings is not None:
        session.add(_unlock_email(user, settings, now))


def clear(user: User) -> None:
    user.failed_sign_ins = 0
    user.locked_until = None


def unlock(session: Session, user: User, *, by: User | None, how: str) -> None:
    clear(user)
    record(session, user=by, action="user.unlock", target=user.email, detail=how)


def unlock_token(secret: str, user: User) -> str:
    """Good for this run of failures only: once the account is unlocked or signs in, the
    count it names has gone, and the link does nothing."""
    return URLSafeTimedSerializer(secret, salt=UNLOCK_SALT).dumps({"u": user.id, "f": user.failed_sign_ins})


def user_for_unlock(session: Session, secret: str, token: str) -> User | None:
    try:
        data = URLSafeTimedSerializer(secret, salt=UNLOCK_SALT).loads(
            token, max_age=int(UNLOCK_LINK_LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("f"), int):
        return None
    user = session.scalar(select(User).where(User.id == data["u"]))
    if user is None or user.failed_sign_ins < data["f"] or user.failed_sign_ins <= FREE_FAILURES:
        return None
    return user


def _unlock_email(user: User, settings: MailSettings, now: datetime) -> OutboxMessage:
    link = f"{settings.base_url}/organise/unlock/{unlock_token(settings.secret_key, user)}"
    body = "\n".join([
        f"Someone has typed a wrong password for {user.email} {FREE_FAILURES + 1} times, so each new try to sign "
        "in to this account now has to wait a little (up to 15 minutes).",
        "",
        "If that was you, this link ends the wait (it works for 2 hours):",
        link,
        "",
        "If it was not you, your account is safe while the password is not guessed: choose a long password "
        "nobody could guess, and tell your administrator. Nobody can sign in with this link; it only ends the wait.",
    ])
    return OutboxMessage(to=user.email, subject="Wrong passwords were typed for your account", body_text=body,
                         body_html=None, headers={}, next_attempt_at=now, created_at=now)
