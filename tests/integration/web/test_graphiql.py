"""GraphiQL (development) works in Chromium with every file from the project, none from a CDN."""

from __future__ import annotations

from playwright.sync_api import Page, Request, expect

from tests.integration.web.explorer_server import Explorer


def test_graphiql_loads_with_no_file_from_elsewhere(page: Page, open_explorer: Explorer) -> None:
    elsewhere: list[str] = []

    def note(request: Request) -> None:
        if not request.url.startswith((open_explorer.url, "data:")):  # the page's icon is inline
            elsewhere.append(request.url)

    page.on("request", note)
    page.goto(open_explorer.url + "/graphql")
    expect(page.get_by_test_id("graphiql-container")).to_be_visible()
    expect(page.locator(".graphiql-query-editor").first).to_be_visible()
    assert elsewhere == []
