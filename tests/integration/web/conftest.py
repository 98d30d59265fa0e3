"""The web explorer in a real Chromium, served by the real API on the seeded test Neo4j.

The API runs with KB_GRAPHQL_DOCUMENTS=trusted, so every page also shows that the explorer
needs nothing but its trusted documents. Each test fails on a console error, an uncaught
exception or a Content-Security-Policy violation, and leaves a screenshot in
test-results/web/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import neo4j
import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    expect,
)

from tests.integration.graph_helpers import ROOT, seeded_graph
from tests.integration.web.explorer_server import Explorer, explorer_settings, serve
from tests.neo4j_server import TestServer

SCREENSHOTS = ROOT / "test-results" / "web"
# The machine's Neo4j may be slow to plan a query the first time.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)

# Records every CSP violation the page reports, for the test's final check.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def explorer(neo4j_server: TestServer, driver: neo4j.Driver) -> Iterator[Explorer]:
    seeded_graph(driver)
    yield from serve(explorer_settings(neo4j_server))


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Browser:
    """The module's Chromium (tests/browser.py)."""
    return chromium


@dataclass
class Problems:
    """What the page reported that a user would never want to see."""

    messages: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.messages.append(f"console {message.type}: {message.text}")


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_RECORDER)
    tab = context.new_page()
    problems = Problems()
    tab.on("console", problems.console)
    tab.on("pageerror", lambda error: problems.messages.append(f"page error: {error}"))
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = tab.evaluate("window.__cspViolations || []")
    context.close()
    assert problems.messages == []
    assert violations == []


@pytest.fixture(scope="module")
def open_explorer(neo4j_server: TestServer, driver: neo4j.Driver) -> Iterator[Explorer]:
    """The API in development with KB_GRAPHQL_DOCUMENTS=open: GraphiQL is on."""
    seeded_graph(driver)
    yield from serve(explorer_settings(neo4j_server, kb_graphql_documents="open"))
