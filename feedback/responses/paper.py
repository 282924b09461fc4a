"""The form for typing in a paper response: the survey's own, with every question optional."""
from __future__ import annotations

from wtforms.validators import InputRequired, Optional

from ..models import Survey
from .forms import SurveyForm, field_attribute, form_class_for


def paper_form_class(survey: Survey, *, text_limit: int) -> type[SurveyForm]:
    """The survey's form with every question optional: a paper form may have gaps, and
    the person typing it in must record what was written, not make up an answer."""
    base = form_class_for(survey.current_version, text_limit=text_limit)
    relaxed = {}
    for question in survey.current_version.questions:
        unbound = getattr(base, field_attribute(question.key), None)
        if unbound is None:
            continue
        validators = [Optional() if isinstance(check, InputRequired) else check
                      for check in unbound.kwargs.get("validators", [])]
        relaxed[field_attribute(question.key)] = unbound.field_class(
            *unbound.args, **{**unbound.kwargs, "validators": validators}, name=unbound.name)
    return type("PaperForm", (base,), relaxed)
