"""The Tagger: analyse free-text answers as they are stored, and keep the results.

The bridge between the pure `feedback.analysis` library (its `Analyser`) and the models:
redaction before storage, sentiment and themes with their evidence, safeguarding flags,
and re-analysis of what is stored. No Flask; callers pass what they need and commit.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..analysis.analyser import Analyser
from ..analysis.custom_models import load_custom_theme_model, with_rule_tags
from ..analysis.other_languages import ANALYSED_LANGUAGE, check_risk, prepare_unanalysed
from ..analysis.results import Analysis, Safeguarding
from ..analysis.taxonomy import Taxonomy as TaxonomyData
from ..models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Direction,
    PromptPolarity,
    Question,
    Response,
    SafeguardingFlag,
    Sentiment,
    TagSource,
    Taxonomy,
    Theme,
    direction_for,
)
from .machine_analysis import MachineTag, apply_machine_analysis

log = logging.getLogger(__name__)
DEFAULT_TAXONOMY = "participation"


def theme_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80]


def sync_taxonomy(session: Session, taxonomy: TaxonomyData) -> dict[str, int]:
    """Make the taxonomy's themes exist in the database; return theme name -> id."""
    row = session.scalar(select(Taxonomy).where(Taxonomy.key == taxonomy.name))
    if row is None:
        row = Taxonomy(key=taxonomy.name, name=taxonomy.title or taxonomy.name, version=taxonomy.version)
        session.add(row)
        session.flush()
    row.version = taxonomy.version
    known = {theme.key: theme for theme in session.scalars(select(Theme).where(Theme.taxonomy_id == row.id))}
    for theme in taxonomy.themes:
        existing = known.get(theme_key(theme.name))
        if existing is None:
            session.add(Theme(taxonomy_id=row.id, key=theme_key(theme.name), name=theme.name,
                              category=theme.category, description=theme.description))
        else:
            existing.name, existing.category, existing.description = theme.name, theme.category, theme.description
    session.flush()
    return dict(session.execute(select(Theme.name, Theme.id).where(Theme.taxonomy_id == row.id)).all())


@dataclass(frozen=True)
class PreparedText:
    """A free-text answer after analysis, before it is stored. An answer in a language the
    analysis does not read has no `analysis` (no sentiment, no themes), only its risk check."""
    stored_text: str
    original_text: str | None
    analysis: Analysis | None
    safeguarding: Safeguarding | None = None


class Tagger:
    """Holds the loaded models; one per process and setting is enough (see `cached_tagger`)."""

    def __init__(self, taxonomy: str = DEFAULT_TAXONOMY, *, keep_original: bool = False,
                 theme_model_path: Path | None = None) -> None:
        # A model learnt from organisers' corrections (see training.py) adds to the
        # rules rather than replacing them for the themes it knows.
        self.custom_theme_model = load_custom_theme_model(theme_model_path) if theme_model_path else None
        self.analyser = Analyser(taxonomy, theme_model=self.custom_theme_model,
                                 use_rules=self.custom_theme_model is None)
        self.keep_original = keep_original

    @property
    def taxonomy(self) -> TaxonomyData:
        return self.analyser.taxonomy

    @property
    def model_version(self) -> str:
        return self.analyser.versions["sentiment_model"][:60]

    def prepare(self, items: Sequence[tuple[str, PromptPolarity | None]],
                language: str = ANALYSED_LANGUAGE) -> list[PreparedText]:
        """Redact and analyse answers as typed. Safeguarding reads the original text.
        Answers in another language are redacted and risk-checked only (other_languages)."""
        if language != ANALYSED_LANGUAGE:
            return [PreparedText(stored_text=unanalysed.redacted_text, analysis=None,
                                 original_text=text if self.keep_original else None,
                                 safeguarding=unanalysed.safeguarding)
                    for text, unanalysed in ((text, prepare_unanalysed(text, language)) for text, _ in items)]
        analyses = self.analyse_many(
            [(text, (polarity or PromptPolarity.NEUTRAL).value) for text, polarity in items]
        )
        return [PreparedText(stored_text=analysis.redacted_text, safeguarding=analysis.safeguarding,
                             original_text=text if self.keep_original else None, analysis=analysis)
                for (text, _), analysis in zip(items, analyses)]

    def analyse_many(self, items: Sequence[tuple[str, str]]) -> list[Analysis]:
        analyses = self.analyser.analyse_many(items)
        if self.custom_theme_model is not None:
            analyses = with_rule_tags(analyses, self.taxonomy)
        return analyses

    def store(self, session: Session, answers: Iterable[tuple[Answer, Question, Analysis]], today: date,
              *, new: bool = False) -> None:
        """Write sentiment, themes and flags for the answers.

        `new` answers are being stored now (they may not be flushed yet), so they have no
        earlier analysis or human correction to respect: their rows are added, linked to
        the answer, without looking for any, and go in with it in one flush. Other answers
        must have ids.
        """
        with session.no_autoflush:  # a new response goes in with its analysis, in one flush
            theme_ids = self.theme_ids(session)
        for answer, question, analysis in answers:
            sentiment, direction, tags = self.machine_results(analysis, question.polarity, theme_ids)
            if new:
                session.add(AnswerAnalysis(answer=answer, sentiment=sentiment, score=analysis.sentiment_score,
                                           direction=direction, model_version=self.model_version))
                session.add_all(AnswerTheme(answer=answer, theme_id=tag.theme_id, source=tag.source,
                                            evidence=tag.evidence, confidence=tag.confidence) for tag in tags)
            else:
                apply_machine_analysis(
                    session, answer_id=answer.id, sentiment=sentiment, score=analysis.sentiment_score,
                    direction=direction, model_version=self.model_version, tags=tags,
                )
            if analysis.safeguarding.flagged:
                flag_answer(session, answer, analysis.safeguarding, today, new=new)

    @staticmethod
    def machine_results(analysis: Analysis, polarity: PromptPolarity | None,
                        theme_ids: dict[str, int]) -> tuple[Sentiment, Direction, list[MachineTag]]:
        """What is stored of an analysis: its sentiment, its direction for a question of this
        polarity, and one tag per known theme (see `theme_ids`)."""
        sentiment = Sentiment(analysis.sentiment)
        tags = [MachineTag(theme_id=theme_ids[tag.theme], source=TagSource(tag.source),
                           evidence=tag.evidence[:500], confidence=tag.confidence)
                for tag in _distinct_tags(analysis) if tag.theme in theme_ids]
        return sentiment, direction_for(sentiment, polarity), tags

    def store_unanalysed(self, session: Session, answers: Iterable[tuple[Answer, Safeguarding]], today: date,
                         *, new: bool = False) -> None:
        """Answers in another language: no sentiment or themes, only any safeguarding flag."""
        for answer, safeguarding in answers:
            if safeguarding.flagged:
                flag_answer(session, answer, safeguarding, today, new=new)

    def theme_ids(self, session: Session) -> dict[str, int]:
        """Theme name -> id; `setup` loads the taxonomy, so this is normally one SELECT."""
        taxonomy = self.taxonomy
        found = dict(session.execute(
            select(Theme.name, Theme.id).join(Taxonomy).where(Taxonomy.key == taxonomy.name)).all())
        if set(taxonomy.theme_names) <= set(found):
            return found
        return sync_taxonomy(session, taxonomy)


def _distinct_tags(analysis: Analysis):
    """One tag per theme: a rule's phrase explains better than a model's score, so it wins."""
    chosen = {}
    for tag in sorted(analysis.themes, key=lambda tag: tag.source != "rule"):
        chosen.setdefault(tag.theme, tag)
    return chosen.values()


def flag_answer(session: Session, answer: Answer, safeguarding: Safeguarding, today: date, *,
                new: bool = False) -> None:
    """Flag the answer unless it has a flag already (a `new` answer cannot have one yet)."""
    if not new and session.scalar(select(exists().where(SafeguardingFlag.answer_id == answer.id))):
        return
    reasons = "; ".join(reason.in_words() for reason in safeguarding.reasons)
    categories = ",".join(dict.fromkeys(reason.category for reason in safeguarding.reasons))
    session.add(SafeguardingFlag(answer=answer, reasons=reasons or "possible risk", categories=categories[:200],
                                 flagged_on=today))


def response_has_flag(session: Session, response_id: int) -> bool:
    return bool(session.scalar(select(exists().where(
        SafeguardingFlag.answer_id == Answer.id, Answer.response_id == response_id))))


def public_id_has_flag(session: Session, public_id: str) -> bool:
    """Whether the response stored under this public id raised a safeguarding flag."""
    return bool(session.scalar(select(exists().where(
        SafeguardingFlag.answer_id == Answer.id, Answer.response_id == Response.id, Response.public_id == public_id))))


@lru_cache(maxsize=4)
def cached_tagger(taxonomy: str = DEFAULT_TAXONOMY, keep_original: bool = False,
                  theme_model_path: str | None = None, theme_model_mtime: int | None = None) -> Tagger:
    """One per process and setting; the model's mtime is in the key so a retrained file
    is loaded by the next request (the caller stats it) without a restart."""
    return Tagger(taxonomy, keep_original=keep_original,
                  theme_model_path=Path(theme_model_path) if theme_model_path else None)


def reanalyse(session: Session, tagger: Tagger, *, batch_size: int = 500, today: date) -> int:
    """Recompute every stored free-text answer (after a model or taxonomy change).

    Human corrections are kept (apply_machine_analysis never overwrites them), flags are
    only ever added, and the stored text is analysed as stored (already redacted).
    Commits are the caller's; this flushes per batch.
    """
    done = 0
    last_id = 0
    while True:
        found = session.execute(
            select(Answer, Question, Response.language).join(Question, Answer.question_id == Question.id)
            .join(Response, Answer.response_id == Response.id)
            .where(Answer.text.is_not(None), Answer.id > last_id).order_by(Answer.id).limit(batch_size)
        ).all()
        if not found:
            return done
        rows = [(answer, question) for answer, question, language in found if language == ANALYSED_LANGUAGE]
        # Answers in other languages are never given English-trained tags; their risk check is re-run.
        tagger.store_unanalysed(session, [(answer, check_risk(answer.text, language))
                                            for answer, _, language in found if language != ANALYSED_LANGUAGE], today)
        analyses = tagger.analyse_many(
            [(answer.text, (question.polarity or PromptPolarity.NEUTRAL).value) for answer, question in rows])
        tagger.store(session, [(answer, question, analysis)
                                 for (answer, question), analysis in zip(rows, analyses)], today)
        session.flush()
        done += len(found)
        last_id = found[-1][0].id
        log.info("re-analysed %s answers", done)

