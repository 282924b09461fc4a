"""The public address as this request sees it (the rule in public_address), and the mail
settings whose links use it."""
from __future__ import annotations

import dataclasses

from flask import current_app, request

from ..mail.compose import MailSettings
from ..public_address import PublicAddress, public_address


def current_public_address() -> PublicAddress:
    return public_address(current_app.config, request.url_root)


def request_mail_settings() -> MailSettings:
    """The app's mail settings, for an email made during a request: with BASE_URL unset its
    links use the address this request came on, where public_address allows it (a local
    or trusted host), so an alert or preview links where the service actually is, not to
    a default port nobody runs it on."""
    settings = MailSettings.from_config(current_app.config)
    if not current_app.config.get("BASE_URL"):
        settings = dataclasses.replace(settings, base_url=current_public_address().base)
    return settings
