"""Write to the audit log. No Flask here, so views, commands and services can all call it.

    from feedback.audit import record
    record(db.session, user=current_user(), action="export.csv", target="survey after-an-event",
           detail="42 responses")

The caller commits, as with every service. Never pass a password or free-text answer in
`detail`: the log is read by administrators and kept longer than the answers.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .models import AuditLog, User

TARGET_LIMIT = 255
DETAIL_LIMIT = 2000
# What each recorded action means, for the administrators' page; the log keeps the codes.
ACTION_WORDS = {
    "sign_in": "Signed in",
    "sign_in.failed": "Failed to sign in",
    "sign_out": "Signed out",
    "password.change": "Changed their password",
    "password.change_failed": "Typed a wrong current password when changing it",
    "user.unlock": "Ended an account's wait after wrong passwords",
    "user.create": "Added an account",
    "user.role": "Changed an account's role",
    "user.activate": "Switched an account on",
    "user.deactivate": "Switched an account off",
    "user.reset_password": "Reset an account's password",
    "event.create": "Created an event",
    "event.edit": "Changed an event",
    "event.close": "Closed an event",
    "project.create": "Added a QI project",
    "project.edit": "Changed a QI project's details",
    "project.stage": "Recorded a QI project's stage",
    "project.involvement": "Recorded who is on a QI project's team",
    "project.import": "Imported the QI project register",
    "project.export": "Downloaded the QI project register",
    "kiosk.start": "Started kiosk mode",
    "kiosk.end": "Ended a kiosk",
    "survey.duplicate": "Made a copy of a survey",
    "translation.export": "Downloaded a survey's translation sheet",
    "translation.import": "Imported a survey's translation",
    "survey.status": "Published or closed a survey",
    "survey.settings": "Changed a survey's title, introduction or dates",
    "survey.question": "Added or changed a question",
    "survey.delete_question": "Deleted a question",
    "survey.move": "Moved a question",
    "response.paper": "Typed in a paper form",
    "export.csv": "Downloaded responses (CSV)",
    "export.xlsx": "Downloaded responses (Excel)",
    "analysis.correct": "Corrected an answer's themes or sentiment",
    "safeguarding.handled": "Marked a safeguarding flag as handled",
    "safeguarding.flag": "Flagged an answer for safeguarding by hand",
    "safeguarding.unflag": "Unflagged a safeguarding flag as a false alarm",
    "safeguarding.contact_add": "Named a safeguarding contact",
    "safeguarding.contact_remove": "Removed a safeguarding contact",
    "outbox.retry": "Sent failed emails again",
    "summary.subscribe": "Set up an email summary of results",
    "summary.preview_send": "Sent a preview of an email summary",
    "summary.stop": "Stopped an email summary",
    "measure.create": "Added a measure",
    "measure.update": "Changed a measure",
    "measure.delete": "Removed a measure",
    "action.create": "Recorded a 'you said, we did' action",
    "action.edit": "Changed a 'you said, we did' action",
    "action.close": "Closed a 'you said, we did' action",
    "action.reopen": "Reopened a 'you said, we did' action",
    "action.quote": "Chose or removed the quote of a 'you said, we did' action",
}


def describe_action(action: str) -> str:
    """Plain words for an action code; an unknown code is shown as it is."""
    return ACTION_WORDS.get(action, action)


def record(session: Session, *, user: User | None, action: str, target: str, detail: str = "") -> AuditLog:
    """Add one audit entry. `user` is who did it (None for an unknown person, e.g. a
    failed sign-in); `action` is a short dotted name such as "user.create"."""
    entry = AuditLog(
        user_id=user.id if user is not None else None,
        action=action[:60],
        target=target[:TARGET_LIMIT],
        detail=detail[:DETAIL_LIMIT],
    )
    session.add(entry)
    return entry


def recent(session: Session, *, limit: int = 200) -> list[AuditLog]:
    """The newest entries first, each with its user loaded (for the administrators' page)."""
    return list(session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
                                .options(selectinload(AuditLog.user))))
