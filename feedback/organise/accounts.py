"""Accounts: signing in with a throttle kept in the database, one-time passwords, roles.

No Flask here. The failure counters live on the User row, not in process memory, so
every gunicorn worker (and every host) sees the same count.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from ..audit import record
from ..mail.compose import MailSettings
from ..mail.subscriptions import usable_email_address
from ..models import User, UserRole
from ..models.types import utcnow
from .kiosk import end_kiosks_started_by
from .passwords import new_password_problem
from .throttle import clear, count_failure, waiting

# Checked against when the email is unknown, so a wrong email costs the same time as a
# wrong password and the response time does not tell anyone which accounts exist.
_DUMMY_HASH = "scrypt:32768:8:1$Q0dYq6WZQ3mJx3Tb$" + "0" * 128


class AccountError(ValueError):
    """A change that cannot be made; the message says what to do instead."""


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    # Only said when the password was right, so it tells nobody without it that the account exists.
    switched_off: bool = False
    password_expired: bool = False

    @property
    def ok(self) -> bool:
        return self.user is not None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def one_time_password() -> str:
    # About 96 bits, in characters that survive being read aloud or copied from a screen.
    return secrets.token_urlsafe(12)


def one_time_password_lifetime(config: Mapping[str, Any]) -> timedelta:
    """ONE_TIME_PASSWORD_HOURS from the app's settings, as a duration."""
    return timedelta(hours=float(config["ONE_TIME_PASSWORD_HOURS"]))


def give_one_time_password(user: User, valid_for: timedelta, now: datetime | None = None) -> str:
    """Set a new one-time password on the account, working for `valid_for` only: one left
    in an inbox or on a sticky note must not open the account months later."""
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.password_expires_at = (now or utcnow()) + valid_for
    return password


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(session: Session, *, email: str, password: str, now: datetime | None = None,
                 mail_settings: MailSettings | None = None) -> SignInResult:
    """Check an email and password, counting failures on the account and slowing it down
    (throttle.py; `mail_settings` to email the owner a link that ends the wait).

    Every failure looks the same to the caller's user (unknown email, wrong password,
    locked account), and each is written to the audit log. The one exception is the right
    password for a switched-off account: that person is told, since they know the password.
    """
    now = now or utcnow()
    user = user_by_email(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        # People sometimes type a password into the email box: keep only what looks like an email.
        typed = normalise_email(email)
        record(session, user=None, action="sign_in.failed",
               target=typed if "@" in typed and " " not in typed else "(not an email address)",
               detail="unknown email")
        return SignInResult(None)
    locked = waiting(user, now)
    correct = user.check_password(password)
    expired = user.password_expires_at is not None and user.password_expires_at <= now
    if correct and user.active and not locked and not expired:
        clear(user)
        user.last_sign_in_at = now
        record(session, user=user, action="sign_in", target=user.email)
        return SignInResult(user)
    reason = ("waiting after wrong passwords" if locked else "deactivated" if not user.active else "wrong password" if not correct
              else "one-time password expired")
    if not locked and not correct:
        count_failure(session, user, now, mail_settings)
    record(session, user=user, action="sign_in.failed", target=user.email, detail=reason)
    told = correct and not locked
    return SignInResult(None, switched_off=told and not user.active,
                        password_expired=told and user.active and expired)


def password_problem(user: User, password: str, confirm: str) -> str | None:
    """Why a new password cannot be used, as an instruction, or None if it can."""
    problem = new_password_problem(password, email=user.email, name=user.name or "")
    if problem:
        return problem
    if user.check_password(password):
        return "Enter a password that is different from your current one"
    if password != confirm:
        return "Enter the same password in both boxes"
    return None


def change_password(session: Session, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.must_change_password = False
    user.password_expires_at = None
    record(session, user=user, action="password.change", target=user.email)


def session_stamp(user: User) -> str:
    """A short fingerprint of the password hash and the session counter, kept in the cookie.

    The hash has a new salt whenever the password is set, and the counter moves on at
    sign-out and switch-off, so any of these ends every session the account had.
    """
    seed = f"{user.password_hash}:{user.session_generation or 0}"
    return hashlib.sha256(seed.encode()).hexdigest()[:20]


def session_values(user: User, now: float) -> dict[str, int | str]:
    """What a signed-in session cookie holds: whose it is, the stamp it was issued under,
    when it began (for the absolute lifetime) and when it was last used (for idling)."""
    return {"user_id": user.id, "stamp": session_stamp(user), "started": int(now), "seen": int(now)}


def end_sessions(session: Session, user: User) -> None:
    """Move the account's session counter on, so every cookie issued before stops working."""
    # In SQL, so two workers ending sessions at once both count.
    session.execute(update(User).where(User.id == user.id)
                    .values(session_generation=User.session_generation + 1))
    session.refresh(user, ["session_generation"])


def check_account_details(email: str, name: str = "") -> None:
    """The checks the account form makes, for every other way an account is made (the
    command line, `setup`): a usable email address and a name that fits."""
    email = normalise_email(email)
    if not usable_email_address(email):
        raise AccountError("Enter an email address in the correct format, like name@example.nhs.uk "
                           "(254 characters or fewer)")
    if len(name.strip()) > 120 or any(ord(character) < 32 for character in name):
        raise AccountError("Enter a name that is 120 characters or fewer, on one line")


def all_users(session: Session) -> list[User]:
    """Every account for the users page: active ones first, each group by email address."""
    return list(session.scalars(select(User).order_by(User.active.desc(), User.email)))


def create_user(session: Session, *, email: str, name: str, role: UserRole, by: User | None,
                password_valid_for: timedelta) -> tuple[User, str]:
    check_account_details(email, name)
    email = normalise_email(email)
    if user_by_email(session, email) is not None:
        raise AccountError("There is already an account with this email address")
    user = User(email=email, name=name.strip(), role=role, active=True, failed_sign_ins=0)
    password = give_one_time_password(user, password_valid_for)
    session.add(user)
    session.flush()
    record(session, user=by, action="user.create", target=email, detail=f"role {role.value}")
    return user, password


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)
                          .where(User.role == UserRole.ADMIN, User.active.is_(True))) or 0


def change_role(session: Session, user: User, role: UserRole, *, by: User) -> None:
    if user.role is role:
        return
    if user.role is UserRole.ADMIN and user.active and _active_admins(session) <= 1:
        raise AccountError("Make another person an administrator first: there must always be one")
    record(session, user=by, action="user.role", target=user.email, detail=f"{user.role.value} -> {role.value}")
    user.role = role


def set_active(session: Session, user: User, active: bool, *, by: User) -> None:
    if user.active is active:
        return
    if not active and user.id == by.id:
        raise AccountError("You cannot deactivate your own account. Ask another administrator")
    if not active and user.role is UserRole.ADMIN and _active_admins(session) <= 1:
        raise AccountError("Make another person an administrator first: there must always be one")
    user.active = active
    if not active:
        # Switching it back on later must not bring old cookies (or kiosk links) back to life.
        end_sessions(session, user)
        end_kiosks_started_by(session, user, utcnow())
    record(session, user=by, action="user.activate" if active else "user.deactivate", target=user.email)


def reset_password(session: Session, user: User, *, by: User | None, password_valid_for: timedelta) -> str:
    """Give the account a new one-time password, unlock it, and end its sessions."""
    password = give_one_time_password(user, password_valid_for)
    clear(user)
    record(session, user=by, action="user.reset_password", target=user.email)
    return password


def ensure_first_organiser(session: Session, email: str, *, password_valid_for: timedelta) -> str | None:
    """Create an admin account if there is none; return its one-time password."""
    if session.scalar(select(func.count()).select_from(User)):
        return None
    user = User(email=email.strip().lower(), name="First administrator", role=UserRole.ADMIN)
    password = give_one_time_password(user, password_valid_for)
    session.add(user)
    session.flush()
    return password
