"""How the machine writes its analysis of an answer without undoing a person's decision.

The decisions organisers make (feedback.reports.corrections) are stored in the analysis
rows themselves: AnswerTheme rows with source=human, kept or removed, and
AnswerAnalysis.sentiment_by_human. Re-analysis respects them here.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AnswerAnalysis, AnswerTheme, Direction, Sentiment, TagSource


@dataclass(frozen=True)
class MachineTag:
    theme_id: int
    source: TagSource
    evidence: str = ""
    confidence: float | None = None


def apply_machine_analysis(
    session: Session, *, answer_id: int, sentiment: Sentiment, score: float, direction: Direction,
    model_version: str, tags: Iterable[MachineTag],
) -> None:
    """Write (re-)analysis output for one answer without undoing a human decision.

    - AnswerTheme rows with source=human (kept or removed) are never changed or deleted;
      a removed one stops the machine adding that theme again.
    - Other rows are the machine's own: replaced by this run's tags.
    - If sentiment_by_human, sentiment, score, direction and corrected_by_id stay;
      model_version is updated.
    """
    tags = list(tags)
    if any(tag.source is TagSource.HUMAN for tag in tags):
        raise ValueError("machine analysis cannot write human tags")
    existing = {row.theme_id: row for row in session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id == answer_id))}
    new = {tag.theme_id: tag for tag in tags}
    for theme_id, row in existing.items():
        if row.source is not TagSource.HUMAN and theme_id not in new:
            session.delete(row)
    for theme_id, tag in new.items():
        row = existing.get(theme_id)
        if row is None:
            session.add(AnswerTheme(answer_id=answer_id, theme_id=theme_id, source=tag.source,
                                    evidence=tag.evidence, confidence=tag.confidence, removed=False))
        elif row.source is not TagSource.HUMAN:
            row.source, row.evidence, row.confidence = tag.source, tag.evidence, tag.confidence
    analysis = session.get(AnswerAnalysis, answer_id)
    if analysis is None:
        session.add(AnswerAnalysis(answer_id=answer_id, sentiment=sentiment, score=score, direction=direction,
                                   model_version=model_version))
        return
    analysis.model_version = model_version
    if not analysis.sentiment_by_human:  # a person's sentiment also fixed the direction
        analysis.sentiment, analysis.score, analysis.direction = sentiment, score, direction
