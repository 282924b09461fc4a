"""The safeguarding contacts an administrator names: who is emailed when an answer is flagged.

No Flask; each change is audit-logged here, and the caller commits.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..audit import record
from ..models import SafeguardingContact, Survey, User
from .subscriptions import usable_email_address

WHOLE_TRUST = "every survey"


class ContactError(ValueError):
    """Bad input, with a message that says what to do."""


def all_contacts(session: Session) -> list[SafeguardingContact]:
    """Whole-trust contacts first, then each survey's, by address."""
    return list(session.scalars(
        select(SafeguardingContact).options(selectinload(SafeguardingContact.survey))
        .order_by(SafeguardingContact.survey_id.is_not(None), SafeguardingContact.survey_id,
                  func.lower(SafeguardingContact.email))))


def scope_words(contact: SafeguardingContact) -> str:
    return contact.survey.title if contact.survey is not None else WHOLE_TRUST


def add_contact(session: Session, *, email: str, survey: Survey | None, by: User) -> SafeguardingContact:
    """Name `email` as a contact for `survey` (None: every survey)."""
    email = (email or "").strip()
    if not email:
        raise ContactError("Enter an email address")
    if not usable_email_address(email):
        raise ContactError("Enter an email address in the correct format, like name@nhs.net")
    survey_id = survey.id if survey is not None else None
    already = session.scalar(select(SafeguardingContact).where(
        func.lower(SafeguardingContact.email) == email.lower(),
        SafeguardingContact.survey_id.is_(None) if survey_id is None else SafeguardingContact.survey_id == survey_id))
    if already is not None:
        where = "every survey" if survey is None else f"the survey \u201c{survey.title}\u201d"
        raise ContactError(f"{email} is already a contact for {where}")
    contact = SafeguardingContact(email=email, survey_id=survey_id)
    session.add(contact)
    session.flush()
    record(session, user=by, action="safeguarding.contact_add", target=email,
           detail=f"survey {survey.slug}" if survey is not None else WHOLE_TRUST)
    return contact


def remove_contact(session: Session, *, contact: SafeguardingContact, by: User) -> None:
    record(session, user=by, action="safeguarding.contact_remove", target=contact.email,
           detail=f"survey {contact.survey.slug}" if contact.survey is not None else WHOLE_TRUST)
    session.delete(contact)
