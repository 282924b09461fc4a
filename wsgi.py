"""Entry point for gunicorn (`gunicorn wsgi:app`) and `flask --app wsgi`."""
import sys

from feedback import create_app
from feedback.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    # A setting that cannot work: say which, not a traceback (and no command runs with it).
    sys.exit(f"feedback: {error}")
