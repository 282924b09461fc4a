"""The HTTP shell every blueprint sits in: address converters, error pages, security
headers, the body guard, health checks, the development server's request log, what
every template may use and the public pages' header and footer, rendered once.

`create_app` calls `register_web` before it registers the blueprints (the converters
must be in place before any route is added).
"""
from __future__ import annotations

from flask import Flask

from . import (
    body_guard,
    converters,
    errors,
    health,
    page_furniture,
    request_log,
    security_headers,
    submission_guard,
    template_context,
)


def register_web(app: Flask) -> None:
    converters.register(app)
    health.register(app)
    request_log.register(app)
    body_guard.register(app)
    errors.register(app)
    security_headers.register(app)
    submission_guard.register(app)
    template_context.register(app)
    page_furniture.register(app)
