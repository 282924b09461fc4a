"""The public address as the workspace sees it: the rule in public_address, given this request."""
from __future__ import annotations

from flask import current_app, request

from ..public_address import PublicAddress, public_address


def current_public_address() -> PublicAddress:
    return public_address(current_app.config, request.url_root)
