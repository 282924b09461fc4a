"""The paper entry form: the survey's questions, every one optional, and which printed
version of the form (organise/views_print.py) is being typed in."""
from __future__ import annotations

from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..i18n.easy_read import has_easy_read
from ..models import ResponseFormat, Survey
from ..reports.page import FORMAT_LABELS
from ..responses.forms import SurveyForm
from ..web.survey_forms import paper_survey_form_class

PRINTED_FIELD = "_printed"  # never a question key: those never start with an underscore
# The hidden key that stops a double save from saving twice was missing or damaged, so the
# form cannot be saved safely as it is; with a new key it can.
BROKEN_KEY_NOTICE = ("This paper response has not been saved, because part of the page was missing or damaged. "
                     "This can happen if the page did not finish loading. Everything you typed is still here: "
                     "check it and select 'Save this paper response' again.")

# The session ended before Save (organise/paper_kept.py): kept, and shown after signing in.
KEPT_FOR_SIGN_IN_NOTICE = ("This paper response has not been saved yet, because you were signed out before you "
                           "saved it. Everything you typed is shown below: check it and select 'Save this paper "
                           "response'.")
# Sent with the CSRF token of a session since replaced (signed in again in another tab) or expired.
STALE_PAGE_NOTICE = ("This paper response has not been saved, because this page had been open a long time or "
                     "you signed in again in another tab. Everything you typed is still here: check it and "
                     "select 'Save this paper response' again.")
# An address with kept answers that are not (or no longer) kept for this survey and browser.
KEPT_GONE = ("The typed answers this link was for are no longer kept: they are kept for up to an hour, only in "
             "the browser they were typed in, and go once saved. If that paper form has not been saved, type it "
             "in again below.")


def printed_formats(survey: Survey) -> list[ResponseFormat]:
    """The versions a paper form of this survey can be printed in."""
    return [item for item in FORMAT_LABELS if item is not ResponseFormat.EASY_READ or has_easy_read(survey.slug)]


def paper_entry_form_class(survey: Survey) -> type[SurveyForm]:
    class PaperEntryForm(paper_survey_form_class(survey)):
        # Missing from a post (a script, an old page), it is the standard form, as ticked at first.
        printed = RadioField("Which printed form is it?", name=PRINTED_FIELD, default=ResponseFormat.STANDARD.value,
                             choices=[SelectChoice(item.value, FORMAT_LABELS[item]) for item in printed_formats(survey)],
                             validators=[Optional()])

    return PaperEntryForm
