"""Page checks in a real browser: axe-core for WCAG 2.2 AA, and the suite's own page check."""
from __future__ import annotations

from functools import cache
from typing import Any
from weakref import WeakSet

from bs4 import BeautifulSoup
from playwright.sync_api import Page, Route

from feedback import PROJECT_ROOT
from tests.pages import check_page as check_html

AXE_PATH = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map(violation => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map(node => ({target: node.target.join(" "), summary: node.failureSummary})),
  }));
}"""


# Pages opened with JavaScript off. axe cannot run in them (its timers never fire), so it
# checks a JavaScript-on copy of the same DOM instead.
_JAVASCRIPT_OFF: WeakSet[Page] = WeakSet()


def mark_javascript_off(page: Page) -> None:
    _JAVASCRIPT_OFF.add(page)


@cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        raise AssertionError(f"axe-core is missing at {AXE_PATH}: run `make assets` (npm ci) first")
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its WCAG violations.

    axe is evaluated through the DevTools protocol rather than added as a <script> tag: the
    app's Content-Security-Policy (script-src 'self' 'nonce-...') rightly blocks injected
    tags, and keeping the real CSP on means these tests also catch a script it would block.
    """
    if page in _JAVASCRIPT_OFF:
        return _axe_on_a_copy(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;undefined")
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def _axe_on_a_copy(page: Page) -> list[dict[str, Any]]:
    """Load the page's DOM, as the server sent it, into a JavaScript-on tab with our scripts
    blocked, so the copy looks exactly as it does without JavaScript, and run axe there."""
    html, url = page.content(), page.url
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        copy = context.new_page()

        def serve(route: Route) -> None:
            if route.request.resource_type == "document":
                route.fulfill(body=html, content_type="text/html; charset=utf-8")
            elif route.request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        copy.route("**/*", serve)
        copy.goto(url)
        return axe_violations(copy)
    finally:
        context.close()


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"      {detail}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Zero axe-core violations for WCAG 2.0/2.1/2.2 A and AA, plus the suite's page check."""
    check_page(page)
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core found {len(violations)} WCAG problem(s) on {page.url} "
        f"({page.title()!r}):\n{describe(violations)}"
    )


def check_page(page: Page) -> BeautifulSoup:
    """tests/pages.py's check (one h1, title begins with it, labelled inputs, lang) on the live DOM."""
    return check_html(page.content())
