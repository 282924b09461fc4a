"""Text analysis for feedback answers: sentiment, themes, redaction, safeguarding.

Pure Python + numpy; no Flask and no database. Typical use::

    from feedback.analysis import analyse
    result = analyse("Never heard back after the meeting", polarity="barrier")
    result.sentiment, result.theme_names, result.safeguarding.flagged

Models are trained on NHS Friends and Family Test comments (pxtextmining and
experiencesdashboard by The Strategy Unit, MIT licence, Copyright (c) 2021 NHS
England); see docs/analysis.md.
"""

from .analyser import Analyser, AnswerInput, analyse, analyse_many
from .evaluation import Report, evaluate_labels, evaluate_sets, format_report
from .prompts import polarity_for_question
from .redaction import nhs_number_is_valid, redact
from .results import (
    Analysis,
    PromptPolarity,
    Redaction,
    Safeguarding,
    SafeguardingReason,
    ThemeTag,
)
from .risk import detect_risk
from .safeguarding import check_safeguarding
from .taxonomy import BUILT_IN_TAXONOMIES, Taxonomy, TaxonomyError, Theme, load_taxonomy

__all__ = [
    "Analyser", "AnswerInput", "Analysis", "BUILT_IN_TAXONOMIES", "PromptPolarity", "Redaction",
    "Report", "Safeguarding", "SafeguardingReason", "Taxonomy", "TaxonomyError", "Theme", "ThemeTag",
    "analyse", "analyse_many", "check_safeguarding", "detect_risk", "evaluate_labels", "evaluate_sets",
    "format_report", "load_taxonomy", "nhs_number_is_valid", "polarity_for_question", "redact",
]
