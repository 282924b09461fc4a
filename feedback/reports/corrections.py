"""Organisers' corrections to the analysis of an answer.

A human decision is stored in the analysis rows themselves:

- a theme an organiser added or kept back: AnswerTheme(source=human, removed=False);
- a theme an organiser took off: AnswerTheme(source=human, removed=True), kept so the
  analysis cannot put it back (its evidence stays, which is useful for training);
- a sentiment an organiser chose: AnswerAnalysis.sentiment_by_human=True, corrected_by_id.

feedback.tagging.machine_analysis is how analysis writes its output without undoing any of it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..audit import record
from ..models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Question,
    Sentiment,
    SurveyVersion,
    TagSource,
    Taxonomy,
    Theme,
    User,
    direction_for,
)
from .quotes import Tag, tags_for

HUMAN_MODEL_VERSION = "human"
_SCORE_FOR = {Sentiment.POSITIVE: 1.0, Sentiment.NEUTRAL: 0.0, Sentiment.NEGATIVE: -1.0}


class CorrectionError(ValueError):
    """The correction cannot be applied; the message says what to do."""


@dataclass(frozen=True)
class AnswerForCorrection:
    answer_id: int
    survey_id: int
    text: str
    prompt: str
    sentiment: Sentiment | None
    sentiment_by_human: bool
    tags: list[Tag]


@dataclass(frozen=True)
class CorrectionResult:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    sentiment: tuple[Sentiment | None, Sentiment] | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.sentiment)

    def describe(self) -> str:
        parts = []
        if self.added:
            parts.append("added " + ", ".join(self.added))
        if self.removed:
            parts.append("removed " + ", ".join(self.removed))
        if self.sentiment:
            before, after = self.sentiment
            parts.append(f"sentiment {before.value if before else 'none'} -> {after.value}")
        return "; ".join(parts) or "no change"


def answer_for_correction(session: Session, answer_id: int) -> AnswerForCorrection | None:
    """A free-text answer with its current analysis, or None if there is no such answer."""
    row = session.execute(
        select(Answer.id, Answer.text, Question.prompt, SurveyVersion.survey_id,
               AnswerAnalysis.sentiment, AnswerAnalysis.sentiment_by_human)
        .join(Question, Answer.question_id == Question.id)
        .join(SurveyVersion, Question.version_id == SurveyVersion.id)
        .outerjoin(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .where(Answer.id == answer_id, Answer.text.is_not(None))
    ).one_or_none()
    if row is None:
        return None
    return AnswerForCorrection(row.id, row.survey_id, row.text, row.prompt, row.sentiment,
                               bool(row.sentiment_by_human), tags_for(session, [row.id]).get(row.id, []))


def available_themes(session: Session, taxonomy_key: str, keep: Iterable[int] = ()) -> list[Theme]:
    """The themes of the taxonomy answers are tagged with now, and any other theme the
    answer already has (from an earlier taxonomy), so nothing on it disappears unseen."""
    keep = list(keep)
    in_use = Theme.taxonomy_id.in_(select(Taxonomy.id).where(Taxonomy.key == taxonomy_key))
    return list(session.scalars(select(Theme).join(Taxonomy).where(or_(in_use, Theme.id.in_(keep)))
                                .order_by(Taxonomy.name, Theme.name)))


def correct_answer(
    session: Session, *, answer_id: int, theme_ids: Iterable[int], sentiment: Sentiment | None, user: User,
) -> CorrectionResult:
    """Make the answer carry exactly `theme_ids`, and `sentiment` if given, as a human decision.

    Themes already on the answer and still wanted are left as they are. Audit-logged when
    anything changed. The caller commits.
    """
    answer = session.get(Answer, answer_id)
    if answer is None or answer.text is None:
        raise CorrectionError("Only free-text answers have themes and sentiment to correct")
    wanted = set(theme_ids)
    names = dict(session.execute(select(Theme.id, Theme.name).where(Theme.id.in_(wanted))).all()) if wanted else {}
    if set(names) != wanted:
        raise CorrectionError("Select themes from the list shown")
    existing = {row.theme_id: row for row in session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id == answer_id))}
    added, removed = [], []
    for theme_id in sorted(wanted):
        row = existing.get(theme_id)
        if row is None:
            session.add(AnswerTheme(answer_id=answer_id, theme_id=theme_id, source=TagSource.HUMAN,
                                    evidence="added by an organiser", removed=False, set_by_id=user.id))
        elif row.removed:
            row.removed, row.source, row.set_by_id = False, TagSource.HUMAN, user.id
        else:
            continue
        added.append(names[theme_id])
    for theme_id, row in existing.items():
        if theme_id not in wanted and not row.removed:
            row.removed, row.source, row.set_by_id = True, TagSource.HUMAN, user.id
            removed.append(row.theme.name)
    change = _correct_sentiment(session, answer, sentiment, user) if sentiment is not None else None
    result = CorrectionResult(added=added, removed=sorted(removed), sentiment=change)
    if result.changed:
        session.flush()
        record(session, user=user, action="analysis.correct", target=f"answer {answer_id}", detail=result.describe())
    return result


def _correct_sentiment(session: Session, answer: Answer, sentiment: Sentiment, user: User) -> tuple[Sentiment | None, Sentiment] | None:
    analysis = session.get(AnswerAnalysis, answer.id)
    if analysis is None:
        analysis = AnswerAnalysis(answer_id=answer.id, sentiment=sentiment, score=_SCORE_FOR[sentiment],
                                  direction=direction_for(sentiment, answer.question.polarity),
                                  model_version=HUMAN_MODEL_VERSION, sentiment_by_human=True,
                                  corrected_by_id=user.id)
        session.add(analysis)
        return (None, sentiment)
    if analysis.sentiment is sentiment:
        return None
    before = analysis.sentiment
    analysis.sentiment, analysis.score = sentiment, _SCORE_FOR[sentiment]
    analysis.direction = direction_for(sentiment, answer.question.polarity)
    analysis.sentiment_by_human, analysis.corrected_by_id = True, user.id
    return (before, sentiment)
