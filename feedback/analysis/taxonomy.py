"""Theme taxonomies are data: JSON files with themes, descriptions and seed phrases.

Two ship with the package (``taxonomies/participation.json`` and
``taxonomies/qdc-v7.json``); a caller may load any other file or dict with the
same shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .phrases import PhraseError, PhraseMatcher

BUILT_IN_TAXONOMIES: tuple[str, ...] = ("participation", "qdc-v7")


class TaxonomyError(ValueError):
    """The taxonomy name is unknown or the file is malformed."""


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    phrases: tuple[str, ...] = ()
    category: str = ""


@dataclass(frozen=True)
class Taxonomy:
    name: str
    version: str
    themes: tuple[Theme, ...]
    title: str = ""
    sources: tuple[str, ...] = ()
    matcher: PhraseMatcher[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        entries = [(phrase, theme.name) for theme in self.themes for phrase in theme.phrases]
        object.__setattr__(self, "matcher", PhraseMatcher(entries))

    @property
    def theme_names(self) -> list[str]:
        return [theme.name for theme in self.themes]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Taxonomy":
        _check_shape(data)
        try:
            themes = tuple(
                Theme(
                    name=str(item["name"]),
                    description=str(item.get("description", "")),
                    phrases=tuple(str(p) for p in item.get("phrases", [])),
                    category=str(item.get("category", "")),
                )
                for item in data["themes"]
            )
            name = str(data["name"])
        except (KeyError, TypeError) as error:
            raise TaxonomyError(f"taxonomy is missing a required field: {error}") from error
        names = [theme.name for theme in themes]
        if len(set(names)) != len(names):
            raise TaxonomyError(f"taxonomy {name!r} has duplicate theme names")
        try:
            return cls(
                name=name,
                version=str(data.get("version", "0")),
                themes=themes,
                title=str(data.get("title", "")),
                sources=tuple(str(s) for s in data.get("sources", [])),
            )
        except PhraseError as error:  # the payload is the theme's name
            raise TaxonomyError(f"taxonomy {name!r}, theme {error.payload!r}: {error}") from None


def _check_shape(data: Any) -> None:
    """Say plainly what is wrong with a hand-written taxonomy file, before it is read."""
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data.get("name"):
        raise TaxonomyError('a taxonomy file must be a JSON object with a "name" and a list of "themes"')
    for number, item in enumerate(data["themes"], start=1):
        if not isinstance(item, dict) or not item.get("name"):
            raise TaxonomyError(f'theme {number} must be an object with a "name"')
        phrases = item.get("phrases", [])
        if not isinstance(phrases, list) or not all(isinstance(phrase, str) for phrase in phrases):
            # A single string would otherwise be read letter by letter.
            raise TaxonomyError(f'theme {item["name"]!r}: "phrases" must be a list of strings, like ["bus fare"]')


@lru_cache(maxsize=8)
def _load_built_in(name: str) -> Taxonomy:
    path = resources.files(__package__).joinpath(f"taxonomies/{name}.json")
    return Taxonomy.from_dict(json.loads(path.read_text("utf-8")))


def load_taxonomy(name_or_path: str | Path) -> Taxonomy:
    """Load a built-in taxonomy by name ("participation", "qdc-v7") or a JSON file by path."""
    if isinstance(name_or_path, str) and name_or_path in BUILT_IN_TAXONOMIES:
        return _load_built_in(name_or_path)
    path = Path(name_or_path)
    if not path.is_file():
        looks_like_a_path = path.suffix.lower() == ".json" or len(path.parts) > 1
        raise TaxonomyError(
            f"there is no taxonomy file at {str(name_or_path)!r}" if looks_like_a_path else
            f"unknown taxonomy {str(name_or_path)!r}: use one of {', '.join(BUILT_IN_TAXONOMIES)} "
            "or a path to a JSON file"
        )
    try:
        return Taxonomy.from_dict(json.loads(path.read_text("utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise TaxonomyError(f"cannot read taxonomy {path}: {error}") from error
