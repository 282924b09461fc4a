"""Public blueprint: home page, taking a survey, thank-you, 'You said, we did'."""
# View modules register their routes on `bp` when imported; keep one import per area.
from . import action_pages, views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
