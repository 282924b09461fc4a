"""The Tagger this app's configuration asks for: its taxonomy, whether original text is
kept, and the theme model `flask train-themes` saved in the instance folder."""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..analysis.custom_models import custom_theme_model_path
from ..analysis.taxonomy import BUILT_IN_TAXONOMIES, load_taxonomy
from .tagger import Tagger, cached_tagger


def app_tagger(config: Mapping[str, Any], instance_path: str | Path) -> Tagger:
    """The process's Tagger for these settings (the app's config and instance path).

    A theme model trained from corrections lives in instance/models/; its file time is
    part of the cache key, so every worker starts using a retrained model on its next
    request.
    """
    path = custom_theme_model_path(Path(instance_path) / "models", taxonomy_key(config["ANALYSIS_TAXONOMY"]))
    try:
        mtime: int | None = path.stat().st_mtime_ns
    except OSError:
        return cached_tagger(config["ANALYSIS_TAXONOMY"], bool(config["KEEP_ORIGINAL_TEXT"]))
    return cached_tagger(config["ANALYSIS_TAXONOMY"], bool(config["KEEP_ORIGINAL_TEXT"]), str(path), mtime)


@lru_cache(maxsize=8)
def taxonomy_key(setting: str) -> str:
    """The taxonomy's own name (a JSON taxonomy is configured by path)."""
    return setting if setting in BUILT_IN_TAXONOMIES else load_taxonomy(setting).name
