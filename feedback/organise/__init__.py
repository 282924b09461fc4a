"""Organiser workspace blueprint, mounted at /organise. Each area adds its views module below."""
from flask import Blueprint

bp = Blueprint("organise", __name__, url_prefix="/organise")

# View modules register their routes on `bp` when imported; keep one import per area.
from . import (  # noqa: E402,F401  # noqa: E402,F401  # noqa: E402,F401  # noqa: E402,F401
    navigation,
    views_account,
    views_actions,
    views_compare,  # noqa: E402,F401
    views_entry,
    views_events,
    views_exports,
    views_home,
    views_measures,
    views_project_register,
    views_projects,
    views_results,
    views_safeguarding,
    views_summaries,
    views_surveys,
    views_translations,
    views_users,
)
