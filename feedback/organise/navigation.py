"""The workspace header navigation: the areas a person's role lets them use.

Adding an area means adding one line to NAV_ITEMS. Safeguarding flags have no area of
their own: each survey's flags page is reached from its results and the home page.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..models import User, UserRole
from ..reports.suppression import Rules, protect_count
from .access import ROLE_RANK, current_user
from .blueprint import bp

# (text, candidate endpoints in order of preference, lowest role that sees it)
NAV_ITEMS: list[tuple[str, tuple[str, ...], UserRole]] = [
    ("Home", ("organise.home",), UserRole.VIEWER),
    ("Events", ("organise.events",), UserRole.ORGANISER),
    ("QI projects", ("organise.projects",), UserRole.VIEWER),
    ("Surveys", ("organise.surveys",), UserRole.ORGANISER),
    ("Results", ("organise.results_index",), UserRole.VIEWER),
    ("Measures", ("organise.measures_index",), UserRole.VIEWER),
    ("You said, we did", ("organise.actions",), UserRole.VIEWER),
    ("Email summaries", ("organise.summaries",), UserRole.VIEWER),
    ("Users", ("organise.users",), UserRole.ADMIN),
    ("Safeguarding contacts", ("organise.safeguarding_contacts",), UserRole.ADMIN),
    ("Audit log", ("organise.audit_log",), UserRole.ADMIN),
]


def navigation_for(user: User | None) -> list[dict[str, Any]]:
    if user is None:
        return []
    endpoints = current_app.view_functions
    items = []
    for text, candidates, role in NAV_ITEMS:
        endpoint = next((name for name in candidates if name in endpoints), None)
        if endpoint is None or ROLE_RANK[user.role] < ROLE_RANK[role]:
            continue
        href = url_for(endpoint)
        current = request.path == href if endpoint == "organise.home" else request.path.startswith(href)
        items.append({"href": href, "text": text, "current": current})
    return items


@bp.app_context_processor
def _navigation() -> dict[str, Any]:
    return {"organise_navigation": lambda: navigation_for(current_user()),
            "organise_user": current_user,
            "with_csrf_token": with_csrf_token,
            "idle_seconds": int(current_app.config["ORGANISER_IDLE_TIMEOUT"])}


def with_csrf_token(html: str, action: str) -> Markup:
    """Add the CSRF token to a POST form that a frontend macro rendered without one
    (the header's "Sign out" button)."""
    opening = f'action="{action}" method="post" novalidate>'
    token = f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'
    return Markup(str(html).replace(opening, opening + token))


@bp.app_template_filter("protected_count")
def protected_count(count: int | None) -> str:
    """A response count as the results page would show it: "fewer than 5" for 1 to 4."""
    rules = Rules.from_config(current_app.config)
    return protect_count(count or 0, rules).text(rules)
