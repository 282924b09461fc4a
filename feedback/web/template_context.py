"""What every template may use: the service's names, the page's script nonce, and two
helpers the NHS.UK form macros need (any page that shows survey questions uses them)."""
from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from markupsafe import Markup
from wtforms import Field

from ..i18n import in_own_language
from ..i18n.easy_read import PICTURES
from ..models import Question
from ..models.definitions import free_text_limit
from ..responses.pages import answer_shown, carried_values
from .security_headers import csp_nonce


def choice_items(question: Question, data: str | list[str] | None, faces: bool = False) -> list[dict[str, Any]]:
    """NHS.UK radios/checkboxes items for a question, ticking what the person chose.
    `faces`: an agreement scale in Easy Read, a face above the words of each answer (the
    words carry the meaning, so the face is decorative to a screen reader)."""
    chosen = set(data) if isinstance(data, list) else {data}
    with_faces = faces and question.type.value == "agreement"
    return [{"value": choice.value, "html": _face(choice.value, choice.label) if with_faces else in_own_language(choice.label),
             "checked": choice.value in chosen}
            for choice in question.choices]


def _face(value: str, label: str) -> Markup:
    picture = url_for("static", filename=f"easy-read/face-{value}.svg")
    return Markup('<span class="feedback-face"><img class="feedback-face__picture" src="{}" alt="" width="64" '
                  'height="64"><span class="feedback-face__words">{}</span></span>').format(picture, in_own_language(label))


def hidden_field(field: Field) -> Markup:
    """A hidden field as WTForms writes it, without the generic widget's cost (on every
    survey page, the CSRF token and the submission key took a tenth of its template)."""
    return Markup('<input id="{}" name="{}" type="hidden" value="{}">').format(field.id, field.name, field._value())


def errors_for_summary(errors: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Error summary links: each jumps to the first input of its question."""
    return [{"text": message, "href": f"#{field_id}"} for field_id, message in errors]


def register(app: Flask) -> None:
    app.add_template_global(choice_items)
    app.add_template_global(lambda question: free_text_limit(question.max_chars, app.config["FREE_TEXT_MAX_CHARS"]),
                            "free_text_limit")
    app.add_template_global(errors_for_summary)
    app.add_template_global(hidden_field)
    app.add_template_global(carried_values, "carried_answers")
    app.add_template_global(answer_shown, "answer_words")
    app.add_template_global(PICTURES, "easy_read_pictures")
    app.context_processor(lambda: {
        "service_name": app.config["SERVICE_NAME"],
        "trust_name": app.config["TRUST_NAME"],
        "contact_email": app.config.get("CONTACT_EMAIL"),
        "csp_nonce": csp_nonce(),
    })
