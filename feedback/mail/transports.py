"""How an outbox message leaves: SMTP when configured, otherwise .eml files in instance/outbox/.

Both transports send the same MIME message, built from the outbox row:
multipart/alternative with the plain text first and, when there is a chart,
multipart/related holding the HTML and the PNG it references by Content-ID.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Protocol

from ..config import SECURITY_CHOICES
from ..models import OutboxMessage

# RFC 5322 allows 998 characters a line; folding at 78 makes Python break subjects oddly.
MAIL_POLICY = policy.SMTP.clone(max_line_length=200)


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def build_mime(row: OutboxMessage, *, mail_from: str) -> EmailMessage:
    message = EmailMessage(policy=MAIL_POLICY)
    headers = dict(row.headers or {})
    message["From"] = headers.pop("From", mail_from)
    message["To"] = row.to
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at.replace(tzinfo=timezone.utc))
    # A stable id per outbox row: if a send is ever repeated after a crash, mail clients
    # can tell it is the same message.
    message["Message-ID"] = f"<outbox-{row.id}.{row.created_at:%Y%m%d%H%M%S}@{_domain(message['From'])}>"
    for name, value in headers.items():
        message[name] = value
    message.set_content(row.body_text)
    if row.body_html:
        message.add_alternative(row.body_html, subtype="html")
        if row.inline_image and row.inline_image_cid:
            html_part = message.get_payload()[1]
            html_part.add_related(row.inline_image, maintype="image", subtype="png",
                                  cid=f"<{row.inline_image_cid}>", filename="chart.png",
                                  disposition="inline")
    return message


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip(" >") or "localhost"


@dataclass
class SmtpTransport:
    host: str
    port: int = 25
    security: str = "none"    # none, starttls or tls
    user: str = ""
    password: str = ""
    timeout: float = 30.0

    def send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=context)
            if self.user:
                client.login(self.user, self.password)
            client.send_message(message)


@dataclass
class FileTransport:
    """Writes each message as an .eml file, so a fresh install 'sends' with no mail server."""
    directory: Path

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = str(message["Message-ID"]).strip("<>").replace("@", "_").replace("/", "_")
        temporary = self.directory / f".{name}.tmp"
        temporary.write_bytes(message.as_bytes())
        temporary.replace(self.directory / f"{name}.eml")  # a reader never sees half a file


def transport_from_config(config: Mapping[str, Any], instance_path: str | Path) -> Transport:
    host = config.get("MAIL_SMTP_HOST")
    if not host:
        return FileTransport(Path(instance_path) / "outbox")
    security = str(config.get("MAIL_SMTP_SECURITY") or "none").lower()
    if security not in SECURITY_CHOICES:
        raise ValueError(f"MAIL_SMTP_SECURITY must be one of {', '.join(SECURITY_CHOICES)}, not {security!r}")
    default_port = {"none": 25, "starttls": 587, "tls": 465}[security]
    return SmtpTransport(
        host=str(host), port=int(config.get("MAIL_SMTP_PORT") or default_port), security=security,
        user=str(config.get("MAIL_SMTP_USER") or ""), password=str(config.get("MAIL_SMTP_PASSWORD") or ""),
        timeout=float(config.get("MAIL_SMTP_TIMEOUT") or 30),
    )
