"""Learn a theme model from the corrections organisers make to answers' themes.

An answer counts as labelled once an organiser has corrected its themes (it has any
AnswerTheme with source=human, kept or removed, in the taxonomy). Its labels are the
themes still on it: ones a person added, and machine tags the person left in place.

The model is trained only for themes with enough positive (and negative) examples;
the rest are left to the keyword rules, which keep running for every theme. The file
goes to <models_dir>/<taxonomy>-themes.npz, where the app picks it up for new requests.

No Flask and no commit: the command passes the session, the folder and the settings.
scikit-learn is needed to train (the `train` extra), not to use the model.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analysis.analyser import Analyser, AnswerInput, load_theme_model
from ..analysis.custom_models import custom_theme_model_path, save_model_atomically, with_rule_tags
from ..analysis.evaluation import ClassScores, evaluate_sets
from ..analysis.linear_model import LinearTextModel
from ..analysis.rules import rule_themes
from ..analysis.taxonomy import BUILT_IN_TAXONOMIES, TaxonomyError, load_taxonomy
from ..analysis.taxonomy import Taxonomy as TaxonomyData
from ..config import Defaults
from ..models import Answer, AnswerTheme, PromptPolarity, Question, TagSource, Taxonomy, Theme

log = logging.getLogger(__name__)

DEFAULT_MIN_EXAMPLES = Defaults.THEME_MODEL_MIN_EXAMPLES
# A theme needs this many corrected answers with it, and as many without it, to be
# learnt (the fitting code drops themes with fewer than 5 anyway).
MIN_POSITIVES = 5
CV_FOLDS = 5
INSTALL_HINT = "pip install -e '.[train]'"


class TrainingError(Exception):
    """Training cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class LabelledExample:
    answer_id: int
    response_id: int
    text: str
    polarity: str
    themes: frozenset[str]


@dataclass(frozen=True)
class ThemeResult:
    theme: str
    positives: int
    learnt: bool
    # Cross-validated scores of what the app will do (rules plus model) and of the rules alone.
    combined: ClassScores | None = None
    rules_alone: ClassScores | None = None


@dataclass(frozen=True)
class TrainingReport:
    taxonomy: str
    path: Path
    examples: int
    folds: int  # 0 when there were too few respondents to cross-validate
    themes: list[ThemeResult]

    @property
    def learnt(self) -> list[str]:
        return [result.theme for result in self.themes if result.learnt]


def labelled_examples(session: Session, taxonomy_key: str) -> list[LabelledExample]:
    """Answers whose themes an organiser corrected, with the themes they ended up with."""
    in_taxonomy = Theme.taxonomy_id == select(Taxonomy.id).where(Taxonomy.key == taxonomy_key).scalar_subquery()
    corrected = (select(AnswerTheme.answer_id).join(Theme, AnswerTheme.theme_id == Theme.id)
                 .where(in_taxonomy, AnswerTheme.source == TagSource.HUMAN).distinct())
    rows = session.execute(
        select(Answer.id, Answer.response_id, Answer.text, Question.polarity)
        .join(Question, Answer.question_id == Question.id)
        .where(Answer.id.in_(corrected), Answer.text.is_not(None)).order_by(Answer.id)
    ).all()
    kept: dict[int, set[str]] = {}
    for answer_id, theme in session.execute(
        select(AnswerTheme.answer_id, Theme.name).join(Theme, AnswerTheme.theme_id == Theme.id)
        .where(in_taxonomy, AnswerTheme.answer_id.in_(corrected), AnswerTheme.removed.is_(False))
    ):
        kept.setdefault(answer_id, set()).add(theme)
    return [LabelledExample(answer_id, response_id, text, (polarity or PromptPolarity.NEUTRAL).value,
                            frozenset(kept.get(answer_id, ())))
            for answer_id, response_id, text, polarity in rows]


def train_theme_model(
    session: Session, *, taxonomy: str, models_dir: Path, min_examples: int = DEFAULT_MIN_EXAMPLES,
    now: datetime,
) -> TrainingReport:
    """Train, cross-validate and save the model; raise TrainingError with a clear message."""
    taxonomy_data = _taxonomy(taxonomy)
    examples = labelled_examples(session, taxonomy_data.name)
    if len(examples) < min_examples:
        raise TrainingError(
            f"Only {len(examples)} answer(s) have themes corrected by an organiser in the "
            f"{taxonomy_data.name} taxonomy; at least {min_examples} are needed to train a model. "
            "Correct the themes of more answers (add the ones that are missing, remove wrong ones), "
            "then run this again. No model was saved.")
    known = set(taxonomy_data.theme_names)
    positives = Counter(theme for example in examples for theme in example.themes if theme in known)
    learnable = sorted(theme for theme, count in positives.items()
                       if count >= MIN_POSITIVES and len(examples) - count >= MIN_POSITIVES)
    if not learnable:
        raise TrainingError(
            f"No theme is on {MIN_POSITIVES} or more corrected answers (and off as many), so there is "
            "nothing for a model to learn yet; the keyword rules carry on. No model was saved.")
    train = _trainer()
    labels = [sorted(example.themes & set(learnable)) for example in examples]
    rule_taxonomy = taxonomy_data.name if taxonomy_data.name in BUILT_IN_TAXONOMIES else ""

    def fit(indices: Sequence[int]) -> LinearTextModel:
        return train([(examples[i].text, labels[i]) for i in indices],
                     polarities=[examples[i].polarity for i in indices],
                     groups=[str(examples[i].response_id) for i in indices],
                     name=f"{taxonomy_data.name} model learnt from organisers' corrections",
                     rule_taxonomy=rule_taxonomy)

    folds, combined, rules_alone = _cross_validate(examples, taxonomy_data, fit)
    model = fit(range(len(examples)))
    model.metadata.update({
        "version": f"corrections-{now:%Y%m%dT%H%M%S}",
        "taxonomy": taxonomy_data.name,
        "taxonomy_version": taxonomy_data.version,
        "trained_at": now.isoformat(timespec="seconds"),
        "examples": len(examples),
        "themes": list(model.classes),
        "positives": {theme: positives[theme] for theme in model.classes},
        "left_to_rules": sorted(known - set(model.classes)),
        "source": "organisers' corrections (answers with a human theme decision)",
    })
    path = custom_theme_model_path(models_dir, taxonomy_data.name)
    try:
        save_model_atomically(model, path)
    except OSError as error:
        raise TrainingError(f"the model could not be saved to {path}: {error.strerror or error}. "
                            f"Check that {models_dir} is a folder the app can write to.") from None
    log.info("saved %s (%s themes from %s corrected answers)", path, len(model.classes), len(examples))
    scored: dict[str, ClassScores] = {}
    plain: dict[str, ClassScores] = {}
    if folds:
        truth = [example.themes & known for example in examples]
        names = sorted(positives)
        scored = {score.label: score for score in evaluate_sets(truth, combined, names).per_class}
        plain = {score.label: score for score in evaluate_sets(truth, rules_alone, names).per_class}
    results = [ThemeResult(theme, positives[theme], theme in model.classes,
                           scored.get(theme), plain.get(theme))
               for theme in sorted(positives, key=lambda name: (-positives[name], name))]
    return TrainingReport(taxonomy_data.name, path, len(examples), folds, results)


def _taxonomy(name_or_path: str) -> TaxonomyData:
    try:
        taxonomy = load_taxonomy(name_or_path)
    except TaxonomyError as error:
        raise TrainingError(str(error)) from None
    if load_theme_model(taxonomy) is not None:
        # Corrections alone are far fewer than the labelled data the shipped model learnt
        # from; a model from them would replace a better one.
        raise TrainingError(
            f"The {taxonomy.name} taxonomy already has a model trained on a large labelled data set; "
            "training one from corrections alone would make it worse. Choose another taxonomy.")
    return taxonomy


def _trainer() -> Callable[..., LinearTextModel]:
    """train_from_examples, imported only now: scikit-learn is an optional extra."""
    try:
        import sklearn  # noqa: F401  (checked first so the message names the real cause)

        from ..analysis.training.train import train_from_examples
    except ImportError as error:
        raise TrainingError(
            f"Training a theme model needs scikit-learn, which is not installed ({error}). "
            f"Install it with: {INSTALL_HINT}") from None
    return train_from_examples


def _cross_validate(
    examples: Sequence[LabelledExample], taxonomy: TaxonomyData, fit: Callable[[Sequence[int]], LinearTextModel],
) -> tuple[int, list[set[str]], list[set[str]]]:
    """Out-of-fold theme sets for rules+model and for rules alone, grouped by response
    so two answers from one person never sit on both sides."""
    from sklearn.model_selection import GroupKFold

    groups = [example.response_id for example in examples]
    folds = min(CV_FOLDS, len(set(groups)))
    rules_alone = [{tag.theme for tag in rule_themes(example.text, taxonomy)} for example in examples]
    if folds < 3:
        return 0, [], rules_alone
    combined: list[set[str]] = [set() for _ in examples]
    for train_index, test_index in GroupKFold(n_splits=folds).split(examples, groups=groups):
        try:
            model = fit(list(train_index))
        except ValueError:  # no theme has enough examples in this fold: the rules alone
            model = None
        analyser = Analyser(taxonomy, theme_model=model, use_rules=False, use_theme_model=model is not None)
        inputs = [AnswerInput(examples[i].text, examples[i].polarity) for i in test_index]
        for i, analysis in zip(test_index, with_rule_tags(analyser.analyse_many(inputs), taxonomy)):
            combined[i] = set(analysis.theme_names)
    return folds, combined, rules_alone
