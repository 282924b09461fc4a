"""Public blueprint: home page, taking a survey, thank-you."""
from .views import bp

__all__ = ["bp"]
