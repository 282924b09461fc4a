"""Where the public pages meet the text analysis: redaction before storage, help after."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..analysis.custom_models import custom_theme_model_path
from ..analysis.taxonomy import BUILT_IN_TAXONOMIES, load_taxonomy
from ..answer_analysis import AnswerAnalyser, answer_analyser, response_has_flag
from ..extensions import db
from ..models import Response


def text_analyser() -> AnswerAnalyser:
    """The process's analyser, set up as this app's configuration asks.

    A theme model trained from corrections (`flask train-themes`) lives in
    instance/models/; its file time is part of the cache key, so every worker starts
    using a retrained model on its next request.
    """
    config = current_app.config
    path = custom_theme_model_path(Path(current_app.instance_path) / "models",
                                   taxonomy_key(config["ANALYSIS_TAXONOMY"]))
    try:
        mtime: int | None = path.stat().st_mtime_ns
    except OSError:
        return answer_analyser(config["ANALYSIS_TAXONOMY"], bool(config["KEEP_ORIGINAL_TEXT"]))
    return answer_analyser(config["ANALYSIS_TAXONOMY"], bool(config["KEEP_ORIGINAL_TEXT"]), str(path), mtime)


@lru_cache(maxsize=8)
def taxonomy_key(setting: str) -> str:
    """The taxonomy's own name (a JSON taxonomy is configured by path)."""
    return setting if setting in BUILT_IN_TAXONOMIES else load_taxonomy(setting).name


def public_id_has_flag(public_id: str) -> bool:
    """Whether the response stored under this public id raised a safeguarding flag."""
    response = db.session.scalar(select(Response).where(Response.public_id == public_id))
    return response is not None and response_has_flag(db.session, response.id)


def response_needs_help(response: Response) -> bool:
    """Whether the thank-you page should lead with where to get help now."""
    return response_has_flag(db.session, response.id)
