"""The header and footer of the public pages, rendered once per worker and reused.

The NHS.UK header and footer macros cost about as much as the rest of a thank-you page,
and they come out the same for every respondent: they read only the page's language and
the values each call passes in its key (the service's and trust's names, the home page's
address). `{% call reused("header", ...) %}...{% endcall %}` renders its body the first
time a key is seen and returns the same markup after that. The cache is per process and
small; another worker never needs it. In development (templates reloaded on change) it is
not used, so an edit shows at once.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Flask, current_app
from flask_babel import get_locale
from markupsafe import Markup

MAX_ENTRIES = 64
_reused: dict[Hashable, Markup] = {}


def reused(name: str, *key: Hashable, caller: Callable[[], str]) -> Markup:
    """The call block's markup for this name, key and page language."""
    if current_app.jinja_env.auto_reload:
        return Markup(caller())
    full_key = (name, str(get_locale()), *key)
    html = _reused.get(full_key)
    if html is None:
        html = Markup(caller())
        if len(_reused) >= MAX_ENTRIES:
            _reused.clear()
        _reused[full_key] = html
    return html


def register(app: Flask) -> None:
    app.add_template_global(reused)
