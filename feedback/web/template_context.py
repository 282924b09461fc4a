"""What every template may use: the service's names, the page's script nonce, and two
helpers the NHS.UK form macros need (any page that shows survey questions uses them)."""
from __future__ import annotations

from typing import Any

from flask import Flask

from ..i18n import in_own_language
from ..models import Question
from ..models.definitions import free_text_limit
from ..responses.pages import answer_shown, carried_values
from .security_headers import csp_nonce


def choice_items(question: Question, data: str | list[str] | None) -> list[dict[str, Any]]:
    """NHS.UK radios/checkboxes items for a question, ticking what the person chose."""
    chosen = set(data) if isinstance(data, list) else {data}
    return [{"value": choice.value, "html": in_own_language(choice.label), "checked": choice.value in chosen}
            for choice in question.choices]


def errors_for_summary(errors: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Error summary links: each jumps to the first input of its question."""
    return [{"text": message, "href": f"#{field_id}"} for field_id, message in errors]


def register(app: Flask) -> None:
    app.add_template_global(choice_items)
    app.add_template_global(lambda question: free_text_limit(question.max_chars, app.config["FREE_TEXT_MAX_CHARS"]),
                            "free_text_limit")
    app.add_template_global(errors_for_summary)
    app.add_template_global(carried_values, "carried_answers")
    app.add_template_global(answer_shown, "answer_words")
    app.context_processor(lambda: {
        "service_name": app.config["SERVICE_NAME"],
        "trust_name": app.config["TRUST_NAME"],
        "contact_email": app.config.get("CONTACT_EMAIL"),
        "csp_nonce": csp_nonce(),
    })
