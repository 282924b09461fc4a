"""Theme models trained on site (from organisers' corrections) and kept beside the data.

Pure files and analysis, no Flask and no database: the app decides where the models
folder is. A model is one ``LinearTextModel`` .npz per taxonomy, written atomically so
a web worker that loads it while it is being retrained sees the old file or the new
one, never half of one.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .linear_model import LinearTextModel
from .results import Analysis
from .rules import rule_themes
from .taxonomy import Taxonomy

logger = logging.getLogger(__name__)

MODEL_SUFFIX = "-themes.npz"


def custom_theme_model_path(models_dir: Path, taxonomy_name: str) -> Path:
    """Where the model for a taxonomy lives, e.g. instance/models/participation-themes.npz."""
    safe = re.sub(r"[^a-z0-9-]+", "-", taxonomy_name.lower()).strip("-") or "taxonomy"
    return Path(models_dir) / f"{safe}{MODEL_SUFFIX}"


def save_model_atomically(model: LinearTextModel, path: Path) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        model.save(Path(temporary))
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_custom_theme_model(path: Path) -> LinearTextModel | None:
    """The model at ``path``, or None if there is none or it cannot be read.

    An unreadable file is logged and ignored: analysing a submission with the rules
    alone is better than failing the person who is submitting it.
    """
    if not path.is_file():
        return None
    try:
        model = LinearTextModel.load(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        logger.error("cannot read theme model %s (%s); using the rules alone", path, error)
        return None
    if model.kind != "ovr":
        logger.error("%s is not a theme model (kind %s); using the rules alone", path, model.kind)
        return None
    return model


def with_rule_tags(analyses: Sequence[Analysis], taxonomy: Taxonomy) -> list[Analysis]:
    """Add every rule tag to model output (run the Analyser with ``use_rules=False``).

    A model learnt from a few dozen corrections knows each theme from a handful of
    examples, so the taxonomy's phrases keep tagging every theme; the model adds what
    the phrases miss. Where both tag a theme, the rule's phrase is kept as the evidence.
    """
    combined = []
    for analysis in analyses:
        rules = list(rule_themes(analysis.redacted_text, taxonomy))
        ruled = {tag.theme for tag in rules}
        themes = tuple(rules) + tuple(tag for tag in analysis.themes if tag.theme not in ruled)
        combined.append(replace(analysis, themes=themes))
    return combined
