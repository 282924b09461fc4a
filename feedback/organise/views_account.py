"""Sign-in and the workspace home. (The accounts area grows this module.)"""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from ..models import UserRole
from . import bp
from .access import requires


@bp.get("/sign-in")
def sign_in() -> ResponseReturnValue:
    return render_template("organise/sign_in.html")


@bp.get("/")
@requires(UserRole.VIEWER)
def home() -> ResponseReturnValue:
    return render_template("organise/home.html")
