"""Where the public pages meet the text analysis: redaction before storage, help after."""
from __future__ import annotations

from ..models import Response


def clean_text_for_storage(text: str) -> str:
    """The text to store for a free-text answer."""
    return text


def response_needs_help(response: Response) -> bool:
    """Whether the thank-you page should lead with where to get help now."""
    return False
