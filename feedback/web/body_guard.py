"""Refuse request bodies that are not an HTML form's, before anything reads them.

Every form here posts application/x-www-form-urlencoded. Flask-WTF would also read a
JSON body or uploaded files into the fields, where a number, a list or a file in place
of text fails deep inside validation; such bodies are refused with a 415 first.
"""
from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import UnsupportedMediaType

_FORM_BODY = "application/x-www-form-urlencoded"
# RFC 8058 one-click unsubscribes may come as multipart/form-data; that view reads no body.
_ANY_BODY_ENDPOINTS = frozenset({"mail.unsubscribe_now"})
# A translation sheet is uploaded as a file, which needs multipart/form-data.
_FILE_UPLOAD_ENDPOINTS = frozenset({"organise.translation_import", "organise.project_import"})


def form_bodies_only() -> None:
    if request.method in {"GET", "HEAD", "OPTIONS"} or request.endpoint in _ANY_BODY_ENDPOINTS:
        return
    if request.endpoint in _FILE_UPLOAD_ENDPOINTS and request.mimetype == "multipart/form-data":
        return
    if request.mimetype and request.mimetype != _FORM_BODY:
        raise UnsupportedMediaType()


def register(app: Flask) -> None:
    # First of all, before CSRFProtect or a form reads the body.
    app.before_request_funcs.setdefault(None, []).insert(0, form_bodies_only)
