"""A worker's copies of survey versions as respondents read them, and of their forms.

Reading a version's questions, choices and translations and building its form was most
of the CPU of a respondent's page view and of storing their answers, and it is the same
for everyone who answers that version. So each worker keeps, per version, the wording as
stored (English: what answers are recorded against), the wording in each language shown
and each form class built from it, and reads only the version's own row to know the
copy is current.

The key is what the database says about that row: its id, when it was made (SQLite can
give a deleted row's id to a new one) and its revision, which every change to its wording,
questions, choices or translations raises in the same flush (feedback/models/revisions.py).
An edit saved by any worker therefore shows on the next page view in every worker, with
no timer. What can change without a new revision (the survey's status, dates, slug, its
default role) is never copied: `survey` is attached to each copy as it is handed out.

No Flask: the caller holds one VersionCopies per app and passes what depends on the
request (the language, how fixed answers are translated, how a form is built).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session, selectinload

from ..i18n.content import ShownVersion, shown_version
from ..i18n.languages import SOURCE_LANGUAGE
from ..models import Question, Survey, SurveyVersion

MAX_VERSIONS = 64  # versions being answered at once; past that the copies start afresh

CopyKey = tuple[int, datetime | None, int]


class VersionCopies:
    def __init__(self) -> None:
        self._copies: dict[CopyKey, dict[Hashable, Any]] = {}
        self._lock = threading.Lock()

    def stored(self, version: SurveyVersion, survey: Survey) -> ShownVersion:
        """The version's wording as stored, in English: what answers are recorded against."""
        copy = self._get(version, ("stored",), lambda: shown_version(version, SOURCE_LANGUAGE))
        return replace(copy, survey=survey)

    def shown(self, version: SurveyVersion, survey: Survey, language: str,
              standard_label: Callable[[str], str], *, variant: Hashable = None,
              adapt: Callable[[ShownVersion], ShownVersion] | None = None) -> ShownVersion:
        """The version in `language` (i18n.content.shown_version with `standard_label`);
        `adapt` makes a variant of it (Easy Read), kept under `variant`, which must name
        everything `adapt` reads besides the version."""
        def build() -> ShownVersion:
            made = shown_version(version, language, standard_label=standard_label)
            return adapt(replace(made, survey=survey)) if adapt else made
        copy = self._get(version, ("shown", language, variant), build)
        return replace(copy, survey=survey)

    def form_class(self, version: SurveyVersion, key: Hashable, build: Callable[[], type]) -> type:
        """A form class for the version, built once per `key` (which must name everything
        `build` reads besides the version: the language, the limits, the variant)."""
        return self._get(version, ("form", key), build)

    def _get(self, version: SurveyVersion, part: Hashable, build: Callable[[], Any]) -> Any:
        key = (version.id, version.created_at, version.revision)
        parts = self._copies.get(key)
        if parts is not None and part in parts:
            return parts[part]
        if parts is None:
            _load_wording(version)
        made = build()
        if isinstance(made, ShownVersion):
            made = replace(made, survey=None)  # the survey row is read afresh for every request
        with self._lock:
            parts = self._copies.get(key)
            if parts is None:
                if len(self._copies) >= MAX_VERSIONS:
                    self._copies.clear()
                # An older revision of this version is out of date for good: drop it.
                for stale in [other for other in self._copies if other[0] == version.id]:
                    del self._copies[stale]
                parts = self._copies[key] = {}
            parts[part] = made
        return made


def _load_wording(version: SurveyVersion) -> None:
    """Read the version's questions, choices and translations in three queries (lazy
    loading would take one per question) before a copy is made from them."""
    session = object_session(version)
    if session is None:
        return
    session.scalars(
        select(SurveyVersion).where(SurveyVersion.id == version.id)
        .options(selectinload(SurveyVersion.questions).selectinload(Question.choices),
                 selectinload(SurveyVersion.translations))
        .execution_options(populate_existing=True)).one()
