"""Who is signed in, what their role lets them do, and the lookups every organiser view
shares (a survey or a 404, the results filters, a safe page to go back to, the event
tallies built before a page reads them)."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy.exc import IntegrityError, OperationalError

from ..extensions import csrf, db
from ..models import Event, Survey, User, UserRole
from ..models.event_tallies import ensure_built
from ..reports import catalogue
from .forms_results import FilterForm, read_filters

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


# The views that check their form's CSRF token themselves (see checks_its_own_token).
OWN_TOKEN_VIEWS: set[str] = set()


def checks_its_own_token(view: View) -> View:
    """Leave the CSRF check to the view's form, so a token that has expired or no longer
    matches the session shows the form again with what was typed (error_list says why)
    instead of the bare "timed out" page. Only for a view that, on every POST, validates a
    FlaskForm (its token checked) before it changes anything; put it below @bp.route."""
    OWN_TOKEN_VIEWS.add(f"{view.__module__}.{view.__name__}")
    return csrf.exempt(view)


def clear_session() -> None:
    """Forget everything in the session, and what this request worked out from it
    (the signed-in user, the CSRF token), so nothing from before carries over."""
    session.clear()
    g.pop("current_user", None)
    g.pop("csrf_token", None)


def safe_next(target: str | None) -> str | None:
    """Only paths on this site: never another host, scheme or protocol-relative URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(char) < 32 for char in target):
        return None
    return target


def survey_or_404(survey_id: int) -> Survey:
    """A survey that has a version to show (the organiser pages need its questions), or a 404."""
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.current_version is None:
        abort(404)
    return survey


def survey_and_filters(survey_id: int) -> tuple[Survey, list[Event], FilterForm]:
    """The survey (or a 404), the events it ran at, and the results filters asked for."""
    survey = db.get_or_404(Survey, survey_id)
    events = catalogue.events_for_survey(db.session, survey_id)
    return survey, events, read_filters(request.args, survey_id=survey_id, event_ids={event.id for event in events})


def event_tallies_ready() -> None:
    """Count the per-event tallies once if they never were (a database made without the
    migration). If another worker is counting them too, theirs wins."""
    try:
        if ensure_built(db.session):
            db.session.commit()
    except (IntegrityError, OperationalError):
        db.session.rollback()
