"""The organiser home page: what needs attention now, and a new trust's first steps."""
from __future__ import annotations

from flask import current_app, render_template, url_for
from flask.typing import ResponseReturnValue

from ..clock import today_in
from ..extensions import db
from ..mail.heartbeat import describe_pass
from ..models import UserRole
from ..models.types import utcnow
from ..reports.flags import shown_flag_count
from ..reports.suppression import Rules
from .access import ROLE_RANK, current_user, requires, sees_flags
from .attention import attention, getting_started
from .blueprint import bp


@bp.get("/")
@requires(UserRole.VIEWER)
def home() -> ResponseReturnValue:
    config, user = current_app.config, current_user()
    steps = getting_started(db.session, base_url_set=bool(config.get("BASE_URL")),
                            mail_server_set=bool(config.get("MAIL_SMTP_HOST")))
    if user.role is UserRole.VIEWER:  # a viewer sets up nothing but their own summary
        steps = [step for step in steps if step.role is UserRole.VIEWER]
    links = [url_for(step.endpoint) if step.endpoint and ROLE_RANK[user.role] >= ROLE_RANK[step.role] else None
             for step in steps]
    state = attention(db.session, today_in(config["TIME_ZONE"]), utcnow())
    rules, sees = Rules.from_config(config), sees_flags(user)
    flag_counts = [(survey, shown_flag_count(count, rules, sees_flags=sees)) for survey, count in state.open_flags]
    return render_template("organise/home.html", user=user, attention=state, flag_counts=flag_counts,
                           scheduler_last_pass=describe_pass(state.scheduler_last_pass, config["TIME_ZONE"]),
                           steps=list(zip(steps, links)), steps_left=[step for step in steps if not step.done])
