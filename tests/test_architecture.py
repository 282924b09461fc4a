"""The import graph has no cycles, and the import contracts in setup.cfg name every view
module, so a new one is kept apart too."""
import re
from configparser import ConfigParser
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
# A view module adds routes to a blueprint: `@bp.get(...)`, `@bp.route(...)` and so on.
ROUTE = re.compile(r"^@\w+\.(get|post|put|patch|delete|route)\(", re.MULTILINE)


def view_modules() -> set[str]:
    found = [path for path in ROOT.joinpath("feedback").rglob("*.py") if ROUTE.search(path.read_text())]
    return {".".join(path.relative_to(ROOT).with_suffix("").parts) for path in found}


def test_every_view_module_is_in_the_views_contract():
    config = ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["importlinter:contract:views-apart"]["modules"].split())
    assert view_modules() - listed == set(), "add these to the views-apart contract in setup.cfg"
    assert listed - view_modules() == set(), "these views-apart modules no longer exist"


def test_no_module_of_feedback_is_in_an_import_cycle():
    graph = grimp.build_graph("feedback")
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []
