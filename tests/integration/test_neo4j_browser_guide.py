"""Neo4j Browser plays the knowledge base's guide: Chromium logs in to the test server's
Browser, plays the guide served by the API, runs its queries and reads the captions drawn."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import neo4j
import pytest
import uvicorn
from playwright.sync_api import Browser, Locator, Page, expect

from api.app import create_app
from kb.browser import GUIDE_PATH, STYLE_PATH, style_sheet
from kb.browser.guide import explore_queries
from kb.graph.queries import query
from kb.settings import Settings
from tests.grass import interpolate, parse_grass
from tests.integration.graph_helpers import rows, seeded_graph
from tests.neo4j_server import TestServer

WAIT_MS = 30_000  # Browser's first load and a first query on a cold server take seconds
STYLE = parse_grass(style_sheet())
SEVERITIES = {"critical", "high", "medium", "low"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def api_url(neo4j_server: TestServer, driver: neo4j.Driver) -> Iterator[str]:
    """The API on a port of its own (what `kb up` serves), over the seeded graph."""
    seeded_graph(driver)
    user, password = neo4j_server.auth or ("neo4j", "unused")
    settings = Settings(
        _env_file=None, neo4j_uri=neo4j_server.uri, neo4j_user=user, neo4j_password=password
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    try:
        yield f"http://localhost:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(chromium: Browser, neo4j_server: TestServer) -> Iterator[Page]:
    """Neo4j Browser, logged in to the test server."""
    if neo4j_server.browser_url is None:
        pytest.fail(
            "the Browser test needs Neo4j Browser's URL: set NEO4J_BROWSER_URL beside NEO4J_URI",
            pytrace=False,
        )
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        _log_in(page, neo4j_server)
        yield page
    finally:
        context.close()


def _log_in(page: Page, server: TestServer) -> None:
    assert server.browser_url is not None
    page.goto(server.browser_url)
    bolt = urlsplit(server.uri)
    page.locator("select[data-testid=bolt-scheme-select]").select_option(f"{bolt.scheme}://")
    page.locator("input[data-testid=boltaddress]").fill(bolt.netloc)
    if server.auth is None:
        page.locator("select[data-testid=authenticationMethod]").select_option("NO_AUTH")
    else:
        page.locator("select[data-testid=authenticationMethod]").select_option("NATIVE")
        page.locator("input[data-testid=username]").fill(server.auth[0])
        page.locator("input[data-testid=password]").fill(server.auth[1])
    page.locator("button[data-testid=connect]").click()
    expect(page.get_by_role("heading", name="Connected to Neo4j")).to_be_visible()


def _run_in_editor(page: Page, command: str) -> None:
    page.locator(".monaco-editor").first.click()
    page.keyboard.type(command)
    page.keyboard.press("Enter")


def _run_block(block: Locator) -> None:
    """A runnable block's play icon: runs it in a new frame, in one click."""
    block.locator("i.fa-play-circle-o").click()


def _drawn(page: Page, count: int) -> list[tuple[str, str]]:
    """(fill colour, caption) of each node drawn in the newest frame, once `count` are."""
    nodes = page.locator("[data-testid=frame]").first.locator("svg g.node")
    expect(nodes).to_have_count(count)
    drawn = []
    for node in nodes.all():
        fill = node.locator("circle.b-outline").get_attribute("fill") or ""
        caption = " ".join(" ".join(node.locator("text.caption").all_text_contents()).split())
        drawn.append((fill.upper(), caption))
    return drawn


def _colour(label: str) -> str:
    return STYLE[f"node.{label}"]["color"].upper()


def _first_word(caption: str) -> str:
    return caption.split(" ", 1)[0]


def _neighbourhood(driver: neo4j.Driver, slug: str) -> list[tuple[str, dict[str, Any]]]:
    """(label, properties) of every node the neighbourhood query returns."""
    found = rows(
        driver,
        f"CALL () {{ {query('read/explore_vendor_neighbourhood').cypher} }} "
        "UNWIND [x IN nodes(p) + coalesce(nodes(q), []) | x] AS n "
        "RETURN DISTINCT labels(n)[0] AS label, properties(n) AS props",
        slug=slug,
    )
    return [(row["label"], row["props"]) for row in found]


def test_the_guide_plays_and_its_queries_draw_readable_captions(
    page: Page, api_url: str, driver: neo4j.Driver
) -> None:
    _run_in_editor(page, f":play {api_url}{GUIDE_PATH}")
    guide = page.locator("[data-testid=frame]").filter(has=page.locator("pre.runnable"))
    expect(guide.get_by_role("heading", name="The model")).to_be_visible()
    blocks = guide.locator("pre.runnable")
    expect(blocks).to_have_text([f":style {api_url}{STYLE_PATH}", "CALL db.schema.visualization()"])

    # The first slide: apply the style sheet, then draw the model, one node per label.
    _run_block(blocks.nth(0))
    expect(page.locator("[data-testid=frame]").first).to_contain_text("node.Risk {")
    _run_block(blocks.nth(1))
    labels = sorted(selector.removeprefix("node.") for selector in STYLE if "." in selector)
    drawn = _drawn(page, len(labels))
    assert sorted(drawn) == sorted((_colour(label), label) for label in labels)

    # The last slide, a vendor's neighbourhood: its :param, then its query.
    assert explore_queries()[-1].name == "read/explore_vendor_neighbourhood"
    for _ in range(len(explore_queries())):
        guide.locator("button[data-testid=nextSlide]").click()
    expect(guide.get_by_role("heading", name="Vendor neighbourhood")).to_be_visible()
    expect(blocks.nth(0)).to_have_text(":param slug => 'argilla'")
    _run_block(blocks.nth(0))
    _run_block(blocks.nth(1))
    nodes = _neighbourhood(driver, "argilla")
    assert len(nodes) == 38
    drawn = _drawn(page, len(nodes))

    # Names and ids where they are short; a risk leads with its severity.
    assert (_colour("Vendor"), "Argilla") in drawn
    assert (_colour("Evaluation"), "argilla@1") in drawn
    risks = sorted(_first_word(caption) for fill, caption in drawn if fill == _colour("Risk"))
    assert risks == sorted(props["severity"] for label, props in nodes if label == "Risk")
    assert set(risks) <= SEVERITIES
    # Every node shows its own text: each caption starts as its label's caption template makes
    # it from the node's properties (long ones are cut short with "…" to fit the circle).
    expected = [
        (_colour(label), interpolate(STYLE[f"node.{label}"]["caption"], props))
        for label, props in nodes
    ]
    unmatched = list(expected)
    for fill, caption in drawn:
        shown = _first_word(caption).removesuffix("…")
        match = next(
            (e for e in unmatched if e[0] == fill and _first_word(e[1]).startswith(shown)), None
        )
        assert shown and match is not None, f"{caption!r} ({fill}) is no node's caption"
        unmatched.remove(match)
    assert unmatched == []
    ids = {str(props.get("id")) for label, props in nodes if label != "Evaluation"}
    assert not ids & {caption for _, caption in drawn}
