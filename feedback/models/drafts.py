"""A survey form that was sent with a problem (or a page of a survey shown one question per
page, on its way to the next), kept briefly so it can be shown again by a redirect
(Post/Redirect/Get) instead of as the answer to the POST: feedback/web/redisplay.py.

Shown as the answer to a POST, the page with the errors sits in the browser's history as
a POST, and pressing Back after the thank-you page then asks to "confirm form
resubmission". Kept here, the answers can come back on a GET instead. Rows hold what the
person typed, unredacted, so they are short-lived (feedback/responses/drafts.py).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import utcnow


class FormDraft(db.Model):
    __tablename__ = "form_draft"

    # Random, and named only in the browser's own session cookie and the redirect's address.
    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(Integer)
    # The form's fields as sent, [name, value] pairs (a field may repeat), without the CSRF token.
    fields: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Field name -> its messages, as the check of the sent form found them.
    errors: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notice: Mapped[str] = mapped_column(Text, default="")
    unsent: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
