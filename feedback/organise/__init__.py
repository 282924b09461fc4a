"""Organiser workspace blueprint, mounted at /organise. Each area adds its views module below."""
from flask import Blueprint

bp = Blueprint("organise", __name__, url_prefix="/organise")

# View modules register their routes on `bp` when imported; keep one import per area.
from . import navigation, views_account, views_entry, views_events, views_surveys, views_users  # noqa: E402,F401
from . import views_exports, views_results, views_translations  # noqa: E402,F401
from . import views_home, views_measures, views_safeguarding, views_summaries  # noqa: E402,F401
from . import views_project_register, views_projects  # noqa: E402,F401
from . import views_actions  # noqa: E402,F401
