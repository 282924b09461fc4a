"""Public blueprint: home page, taking a survey, thank-you, 'You said, we did'."""
from flask import Blueprint

bp = Blueprint("surveys", __name__)

# View modules register their routes on `bp` when imported; keep one import per area.
from . import action_pages, views  # noqa: E402,F401

__all__ = ["bp"]
