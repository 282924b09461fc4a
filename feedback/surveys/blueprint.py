"""The public blueprint, in a module of its own so the view modules import it
without importing the package that imports them (no import cycle)."""
from flask import Blueprint

bp = Blueprint("surveys", __name__)
