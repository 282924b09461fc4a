"""Public blueprint: home page, taking a survey, thank-you, 'You said, we did'."""
from . import action_pages  # noqa: F401  (registers its routes on bp)
from .views import bp

__all__ = ["bp"]
