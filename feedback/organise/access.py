"""Who is signed in, and what their role lets them do."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, redirect, request, session, url_for

from ..extensions import db
from ..models import User, UserRole

View = TypeVar("View", bound=Callable[..., Any])

# What each role may do; a higher role includes the lower ones.
ROLE_RANK = {UserRole.VIEWER: 1, UserRole.ORGANISER: 2, UserRole.ADMIN: 3}


# The lowest role that reads flagged answers and acts on them (flags pages, the flag
# column in exports, flag counts however small).
FLAG_ROLE = UserRole.ORGANISER


def sees_flags(user: User | None) -> bool:
    return user is not None and ROLE_RANK[user.role] >= ROLE_RANK[FLAG_ROLE]


def current_user() -> User | None:
    if "current_user" not in g:
        user_id = session.get("user_id")
        user = db.session.get(User, user_id) if user_id else None
        g.current_user = user if user is not None and user.active else None
    return g.current_user


def requires(role: UserRole) -> Callable[[View], View]:
    """Send anonymous people to sign in; refuse (403) roles below `role`."""
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("organise.sign_in", next=request.full_path.rstrip("?")))
            if ROLE_RANK[user.role] < ROLE_RANK[role]:
                abort(403)
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]
    return decorate
