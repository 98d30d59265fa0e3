"""The web explorer's pages in Chromium, against the seeded knowledge base (API in trusted
mode): exact seeded values, filters in the URL, keyboard use and axe-core's checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.integration.web.explorer_server import Explorer

ARGILLA_RISKS = [
    (
        "high",
        "Annotation bottlenecks can halt agent improvement cycles, causing model performance "
        "to degrade silently over weeks",
        "Implement automated quality thresholds with fallback to previous model versions when "
        "annotation queues exceed SLA",
    ),
    (
        "medium",
        "Lack of ABAC means annotators may access sensitive data outside their authorization scope",
        "Deploy enterprise IAM integration through Layer 5 governance tools before annotation "
        "workflows access production data",
    ),
    (
        "medium",
        "Version inconsistency between annotation feedback and deployed models can cause trust "
        "collapse when users see conflicting behaviors",
        "Implement strict versioning discipline with immutable model artifacts and annotation "
        "lineage tracking",
    ),
]

PAGES = {
    "landscape": "/",
    "vendor": "/vendor/argilla",
    "compare": "/compare?v=argilla&v=anthropic-claude",
    "risks": "/risks?q=ABAC+authorization",
    "quality": "/quality",
    "search": "/search?q=annotation",
    "stack": "/stack",
    "framework": "/framework",
}


def card(page: Page, slug: str) -> Locator:
    return page.locator(f'li.card[data-slug="{slug}"]')


def band_slugs(page: Page, layer: str) -> list[str]:
    slugs: list[str] = page.locator(f'section.band[data-layer="{layer}"] li.card').evaluate_all(
        "cards => cards.map(card => card.dataset.slug)"
    )
    return slugs


def test_landscape_shows_argillas_card_with_the_disagreement_badge(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + "/")
    argilla = card(page, "argilla")
    expect(argilla.locator('[data-total="inpact"]')).to_have_text("25/36")
    expect(argilla.locator('[data-total="goals"]')).to_have_text("18/25")
    expect(argilla.locator(".badge")).to_have_text("Totals disagree")
    expect(card(page, "langgraph").locator('[data-total="inpact"]')).to_have_text("27/36")
    expect(card(page, "langgraph").locator(".badge")).to_have_count(0)
    bands = page.locator("section.band h2")
    expect(bands).to_have_count(8)
    expect(bands.nth(0)).to_have_text("L1 — Multi-Modal Storage 4 vendors")
    expect(bands.nth(6)).to_have_text("L7 — Multi-Agent Orchestration 3 vendors")
    assert band_slugs(page, "L7") == ["argilla", "langgraph", "temporal"]
    expect(card(page, "kong")).to_have_class("card stub")
    expect(card(page, "kong")).to_contain_text("Stub: known only from other vendors' files")


def test_the_filters_live_in_the_url_and_the_back_button_restores_them(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + "/")
    expect(card(page, "argilla")).to_be_visible()
    page.get_by_label("Layer", exact=True).select_option("L7")
    expect(page).to_have_url(explorer.url + "/?layer=L7")
    expect(page.locator("section.band")).to_have_count(1)
    page.get_by_label("Min INPACT total").fill("27")
    page.get_by_label("Min INPACT total").press("Enter")
    expect(page).to_have_url(explorer.url + "/?layer=L7&minInpact=27")
    expect(page.locator('section.band[data-layer="L7"] .count')).to_have_text("2 vendors")
    assert band_slugs(page, "L7") == ["langgraph", "temporal"]

    page.go_back()
    expect(page).to_have_url(explorer.url + "/?layer=L7")
    expect(page.locator('section.band[data-layer="L7"] .count')).to_have_text("3 vendors")
    expect(page.get_by_label("Min INPACT total")).to_have_value("")

    page.goto(explorer.url + "/?layer=L7&minInpact=27&sort=inpact")  # a shared link
    expect(page.get_by_label("Layer", exact=True)).to_have_value("L7")
    expect(page.get_by_label("Min INPACT total")).to_have_value("27")
    expect(page.get_by_label("Sort by")).to_have_value("inpact")
    expect(page.locator('section.band[data-layer="L7"] .count')).to_have_text("2 vendors")


def test_a_band_downloads_its_cards_as_csv(page: Page, explorer: Explorer) -> None:
    page.goto(explorer.url + "/?layer=L7")
    expect(card(page, "argilla").locator(".badge")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download L7 as CSV").click()
    assert download.value.suggested_filename == "vendors-L7.csv"
    assert Path(download.value.path()).read_text() == (
        "slug,name,layer,category,stub,inpact,goals,totals agree\n"
        '"argilla","Argilla","L7","HITL Platform","false","25/36","18/25","false"\n'
        '"langgraph","LangGraph","L7","","false","27/36","21/30","true"\n'
        '"temporal","Temporal","L7","","false","27/36","23/30","true"\n'
    )


def test_the_vendor_page_lists_argillas_risks_by_severity_with_mitigations(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + "/vendor/argilla")
    expect(page.get_by_role("heading", level=1)).to_have_text("Argilla")
    risks = page.locator("li.risk")
    expect(risks).to_have_count(3)
    for index, (severity, text, mitigation) in enumerate(ARGILLA_RISKS):
        risk = risks.nth(index)
        expect(risk).to_have_attribute("data-severity", severity)
        expect(risk.locator("p").first).to_have_text(f"{severity} {text}")
        expect(risk.locator(".mitigation")).to_contain_text(mitigation)
    expect(risks.nth(1)).to_contain_text("Tools: Cerbos, Auth0, HashiCorp Vault")
    totals = page.locator("table.totals-table tbody tr")
    expect(totals.nth(0)).to_have_text(re.compile(r"INPACT\s*25/36\s*21/36\s*no"))
    expect(totals.nth(1)).to_have_text(re.compile(r"GOALS\s*18/25\s*14/30\s*no"))
    expect(page.locator('tr[data-dimension="INPACT.I"] td.num')).to_have_text("3/6")
    expect(page.locator('tr[data-dimension="INPACT.T"] td.num')).to_have_text("5/6")


def test_the_vendor_page_links_alternatives_and_flows(page: Page, explorer: Explorer) -> None:
    page.goto(explorer.url + "/vendor/argilla")
    expect(page.get_by_role("heading", name="Alternatives it suggests")).to_be_visible()
    page.get_by_role("link", name="Temporal", exact=True).first.click()
    expect(page).to_have_url(explorer.url + "/vendor/temporal")
    expect(page.get_by_role("heading", level=1)).to_have_text("Temporal")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Argilla")
    expect(page.get_by_role("heading", name="Upstream and downstream")).to_be_visible()


def test_compare_overlays_two_vendors_with_their_profiles(page: Page, explorer: Explorer) -> None:
    page.goto(explorer.url + PAGES["compare"])
    table = page.locator("table.compare")
    expect(table.locator("tbody tr").nth(0)).to_have_text(
        re.compile(r"INPACT total\s*25/36\s*28/36")
    )
    expect(page.locator("svg.radar polygon.series")).to_have_count(2)
    profiles = page.get_by_role("row", name=re.compile("Healthcare"))
    expect(profiles).to_have_text(
        re.compile(r"✗ INPACT total 25 < 28; GOALS total 18 < 20\s*✓ passes")
    )
    page.get_by_label("Vendor slug to add").fill("cerbos")
    page.get_by_role("button", name="Add").click()
    expect(page).to_have_url(explorer.url + "/compare?v=argilla&v=anthropic-claude&v=cerbos")
    expect(page.locator("svg.radar polygon.series")).to_have_count(3)


def test_risks_groups_the_mitigating_tools_by_evidence_and_filters_by_layer(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + PAGES["risks"])
    layer_group = page.locator('[data-kind="LAYER"] > ol > li > a')
    expect(layer_group).to_have_text(["Cerbos", "Auth0", "HashiCorp Vault"])
    page.get_by_label("Tools in layer").select_option("L6")
    expect(page).to_have_url(explorer.url + "/risks?q=ABAC+authorization&layer=L6")
    expect(page.locator('[data-kind="LAYER"]')).to_have_count(0)


def test_data_quality_lists_argillas_totals(page: Page, explorer: Explorer) -> None:
    page.goto(explorer.url + "/quality")
    expect(page.locator('tr[data-slug="argilla"]')).to_have_text(
        re.compile(r"Argilla\s*25\s*21\s*18\s*14")
    )
    expect(page.get_by_role("heading", name="Stubs (2)")).to_be_visible()


def test_the_search_box_on_every_page_searches(page: Page, explorer: Explorer) -> None:
    page.goto(explorer.url + "/quality")
    page.get_by_role("searchbox").fill("annotation")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(explorer.url + "/search?q=annotation")
    expect(page.locator("ol.hits > li").first).to_contain_text("Argilla")


def test_the_framework_page_shows_each_layers_numbers_top_down(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + "/framework")
    rows = page.locator("table.framework tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.first).to_have_attribute("data-layer", "L7")
    expect(rows.first).to_have_text(
        re.compile(
            r"L7 — Multi-Agent Orchestration.*\s*3\s*26\.3 / 27\s*20\.7 / 23\s*"
            r"Temporal, LangGraph, Argilla"
        )
    )
    rows.first.get_by_role("link", name="L7 — Multi-Agent Orchestration").click()
    expect(page).to_have_url(explorer.url + "/?layer=L7")


def test_the_stack_builder_route_exists(page: Page, explorer: Explorer) -> None:
    page.goto(explorer.url + "/stack")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stack Builder")


def test_the_keyboard_alone_reaches_every_filter_and_opens_a_card(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + "/")
    expect(card(page, "postgresql")).to_be_visible()
    reached: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.getAttribute('name') || e.textContent.trim(); }"
        )
        reached.append(focused)
        if focused == "PostgreSQL":
            break
    filters = ["layer", "minInpact", "minGoals", "dim", "dimMin", "cert", "segment", "kind", "sort"]
    assert [name for name in reached if name in filters] == filters
    assert reached[-1] == "PostgreSQL"
    page.keyboard.press("Enter")
    expect(page).to_have_url(explorer.url + "/vendor/postgresql")
    expect(page.get_by_role("heading", level=1)).to_have_text("PostgreSQL")


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(
    page: Page, explorer: Explorer, name: str
) -> None:
    page.goto(explorer.url + PAGES[name])
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(".status")).to_have_count(0)  # nothing still loading
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
