"""Where the public pages meet the text analysis: redaction before storage, help after."""
from __future__ import annotations

from flask import current_app

from ..answer_analysis import AnswerAnalyser, answer_analyser, response_has_flag
from ..extensions import db
from ..models import Response


def text_analyser() -> AnswerAnalyser:
    """The process's analyser, set up as this app's configuration asks."""
    config = current_app.config
    return answer_analyser(config["ANALYSIS_TAXONOMY"], bool(config["KEEP_ORIGINAL_TEXT"]))


def response_needs_help(response: Response) -> bool:
    """Whether the thank-you page should lead with where to get help now."""
    return response_has_flag(db.session, response.id)
