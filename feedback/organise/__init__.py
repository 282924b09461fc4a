"""Organiser workspace blueprint, mounted at /organise. Each area adds its views module below."""
# View modules register their routes on `bp` when imported; keep one import per area.
from . import (  # noqa: F401
    navigation,
    views_account,
    views_actions,
    views_compare,
    views_entry,
    views_events,
    views_exports,
    views_home,
    views_measures,
    views_print,
    views_project_register,
    views_projects,
    views_results,
    views_safeguarding,
    views_summaries,
    views_surveys,
    views_translations,
    views_users,
)
from .blueprint import bp

__all__ = ["bp"]
