"""The organiser workspace blueprint, in a module of its own so the view modules import it
without importing the package that imports them (no import cycle)."""
from flask import Blueprint

bp = Blueprint("organise", __name__, url_prefix="/organise")
