"""The import contracts in setup.cfg name every view module, so a new one is kept apart too."""
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def view_modules() -> set[str]:
    found = set(ROOT.joinpath("feedback").rglob("views.py")) | set(ROOT.joinpath("feedback").rglob("views_*.py"))
    return {".".join(path.relative_to(ROOT).with_suffix("").parts) for path in found}


def test_every_view_module_is_in_the_views_contract():
    config = ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["importlinter:contract:views-apart"]["modules"].split())
    assert view_modules() - listed == set(), "add these to the views-apart contract in setup.cfg"
    assert listed - view_modules() == set(), "these views-apart modules no longer exist"
