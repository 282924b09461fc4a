"""feedback: accessible surveys and explainable analysis for involvement in QI."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints and CLI commands."""
    instance_path = os.environ.get("FEEDBACK_INSTANCE_PATH", str(PROJECT_ROOT / "instance"))
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    from .web.templating import TemplateEnvironment
    app.jinja_environment = TemplateEnvironment
    app.jinja_options = {
        # nhsuk-frontend-jinja's macros read optional nested parameters.
        "undefined": ChainableUndefined,
        "loader": ChoiceLoader([
            FileSystemLoader(PROJECT_ROOT / "templates"),
            PackageLoader("nhsuk_frontend_jinja"),
        ]),
        "autoescape": True,
    }

    from .config import load_config
    load_config(app, test_config)

    from . import models  # noqa: F401  (registers every table)
    from .database import configure_engine
    from .extensions import csrf, db, migrate
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    configure_engine(app)

    from .i18n import init_languages
    init_languages(app)

    from .web import register_web
    register_web(app)  # first: the converters must be in place before any route is added

    from .mail.views import bp as mail_bp
    from .organise import bp as organise_bp
    from .surveys import bp as surveys_bp
    app.register_blueprint(surveys_bp)
    app.register_blueprint(organise_bp)
    app.register_blueprint(mail_bp)

    from .cli import register_commands
    register_commands(app)
    return app
