"""What every template may use: the service's names and the page's script nonce."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    app.context_processor(lambda: {
        "service_name": app.config["SERVICE_NAME"],
        "trust_name": app.config["TRUST_NAME"],
        "contact_email": app.config.get("CONTACT_EMAIL"),
        "csp_nonce": csp_nonce(),
    })
