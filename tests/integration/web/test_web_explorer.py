"""The web explorer's pages in Chromium, against the seeded knowledge base (API in trusted
mode): exact seeded values, filters in the URL, keyboard use and axe-core's checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.integration.api.test_api_stack import ABAC_FINDING
from tests.integration.web.explorer_server import WEB_DIST, Explorer

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
    "stack": "/stack?profile=healthcare&pick=L7%3Aargilla",
    "framework": "/framework",
}
STACK_ARGILLA = PAGES["stack"]


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
        re.compile(
            r"✗ INPACT total 25 < 28 \(3 short\); GOALS total 18 < 20 \(2 short\)\s*✓ passes"
        )
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


def api_answer(explorer: Explorer, operation: str, **variables: Any) -> dict[str, Any]:
    """The API's own answer to one of the explorer's trusted documents, by its name."""
    manifest: dict[str, str] = json.loads((WEB_DIST / "persisted-documents.json").read_text())
    [document_id] = [key for key, text in manifest.items() if f"query {operation}(" in text]
    body = httpx.post(
        explorer.url + "/graphql", json={"documentId": document_id, "variables": variables}
    ).json()
    assert "errors" not in body
    answer: dict[str, Any] = body["data"]
    return answer


def layer_section(page: Page, layer: str) -> Locator:
    return page.locator(f'section.stack-layer[data-layer="{layer}"]')


def shown_findings(page: Page, layer: str) -> list[dict[str, str]]:
    findings: list[dict[str, str]] = (
        layer_section(page, layer)
        .locator("li.finding")
        .evaluate_all(
            """items => items.map(item => ({
            kind: item.dataset.kind,
            severity: item.dataset.severity,
            reason: item.querySelector('.reason').textContent,
            risk: item.querySelector('[data-evidence=risk]')?.textContent ?? null,
            mitigation: item.querySelector('[data-evidence=mitigation]')?.textContent ?? null,
            flow: item.querySelector('[data-evidence=flow]')?.textContent ?? null,
            suggestions: [...item.querySelectorAll('.suggestions > li')]
                .map(li => li.dataset.slug).join(' '),
        }))"""
        )
    )
    return findings


def test_the_stack_builder_shows_the_apis_findings_for_argilla_alone(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + STACK_ARGILLA)
    expect(page.locator(".verdict")).to_have_text(
        "✗ The stack does not pass the healthcare profile."
    )
    answer = api_answer(
        explorer, "AssessStack", profile="healthcare", picks=[{"layer": "L7", "vendor": "argilla"}]
    )["assessStack"]
    for layer in answer["layers"]:
        expected = [
            {
                "kind": f["kind"],
                "severity": f["severity"],
                "reason": f["reason"],
                "risk": f["evidence"]["risk"],
                "mitigation": f["evidence"]["mitigation"],
                "flow": f["evidence"]["flow"],
                "suggestions": " ".join(s["vendor"]["slug"] for s in f["suggestions"]),
            }
            for f in layer["findings"]
        ]
        assert shown_findings(page, layer["layerId"]) == expected
        expect(layer_section(page, layer["layerId"])).to_have_attribute(
            "data-severity", layer["findings"][0]["severity"]
        )
    # The same findings as the API's assessStack test, in the page's words.
    assert [f["kind"] for f in shown_findings(page, "L5")] == ["EMPTY_LAYER", "UNMITIGATED_RISK"]
    abac = layer_section(page, "L5").locator('li.finding[data-kind="UNMITIGATED_RISK"]')
    expect(abac.locator(".reason")).to_have_text(ABAC_FINDING)
    expect(abac.locator("p")).to_have_text(f"medium Unmitigated risk {ABAC_FINDING}")
    expect(abac.locator('[data-evidence="risk"]')).to_have_text(ARGILLA_RISKS[1][1])
    expect(abac.locator('[data-evidence="mitigation"]')).to_have_text(ARGILLA_RISKS[1][2])
    argilla = layer_section(page, "L7").locator('tr[data-slug="argilla"]')
    expect(argilla).to_have_text(
        re.compile(
            r"Argilla\s*25/36\s*18/25\s*✗ INPACT total 25 < 28 \(3 short\); GOALS total 18 < 20"
        )
    )
    expect(layer_section(page, "L7").locator(".closest")).to_have_text(
        "No vendor of L7 passes the profile; the closest is Temporal, which misses: "
        "INPACT total 27 < 28 (1 short)"
    )
    for layer in ("L1", "L2", "L3", "L4", "L6"):
        expect(layer_section(page, layer).locator("li.finding").first).to_have_attribute(
            "data-kind", "EMPTY_LAYER"
        )
    for severity, count in (("critical", 0), ("high", 7), ("medium", 5), ("low", 0)):
        expect(page.locator(f'.stack-summary dd[data-severity="{severity}"]')).to_have_text(
            str(count)
        )
    expect(page.locator('[data-summary="gaps"]')).to_have_text("12")
    expect(page.locator('[data-summary="covered"]')).to_have_text("L7")
    steps = page.locator("ol.build-order > li")
    expect(steps).to_have_count(len(answer["buildOrder"]))
    assert steps.evaluate_all("steps => steps.map(s => s.dataset.layer)") == [
        step["layerId"] for step in answer["buildOrder"]
    ]


def test_the_stack_lives_in_the_url_and_the_back_button_restores_it(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + STACK_ARGILLA)
    expect(layer_section(page, "L5").locator("li.finding")).to_have_count(2)
    page.get_by_label("Layer of the pick").select_option("L5")
    page.get_by_label("Vendor slug").fill("cerbos")
    page.get_by_role("button", name="Add pick").click()
    expect(page).to_have_url(
        explorer.url + "/stack?profile=healthcare&pick=L7%3Aargilla&pick=L5%3Acerbos"
    )
    # Cerbos passes by the scale rule: the ABAC risk is closed, a scale note stays.
    expect(layer_section(page, "L5").locator("li.finding")).to_have_count(1)
    expect(layer_section(page, "L5").locator("li.finding")).to_have_attribute(
        "data-kind", "OTHER_SCALE"
    )
    expect(layer_section(page, "L5").locator('tr[data-slug="cerbos"]')).to_contain_text("✓ passes")

    page.go_back()
    expect(page).to_have_url(explorer.url + STACK_ARGILLA)
    expect(
        layer_section(page, "L5").locator('li.finding[data-kind="UNMITIGATED_RISK"]')
    ).to_be_visible()

    page.go_forward()
    layer_section(page, "L5").get_by_role("link", name="Remove Cerbos").click()
    expect(page).to_have_url(explorer.url + "/stack?profile=healthcare&pick=L7%3Aargilla")
    expect(layer_section(page, "L5").locator("li.finding")).to_have_count(2)


def test_advise_fills_the_picks_and_names_the_closest_where_nothing_passes(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + "/stack?profile=healthcare")
    expect(page.locator('[data-summary="covered"]')).to_have_text("none")
    page.get_by_role("button", name="Advise").click()
    expect(page).to_have_url(
        explorer.url + "/stack?profile=healthcare&pick=L1%3Apostgresql&pick=L2%3Aconfluent-cloud"
        "&pick=L4%3Aopenai-gpt-4&pick=L5%3Acerbos"
    )
    advice = page.locator("section.advice li")
    one_short = "INPACT total 27 < 28 (1 short)"
    expect(advice).to_have_text(
        [
            "L1 Multi-Modal Storage: picked PostgreSQL",
            "L2 Real-Time Data Fabric: picked Confluent Cloud",
            "L3 Universal Semantic Layer: nothing passes; the closest is dbt Core, which "
            "misses: INPACT total 25 < 28 (3 short)",
            "L4 Intelligence Orchestration & Retrieval (RAG): picked OpenAI (GPT-4)",
            "L5 Agent-Aware Governance: picked Cerbos",
            f"L6 Observability & Feedback: nothing passes; the closest is Grafana, which "
            f"misses: {one_short}",
            f"L7 Multi-Agent Orchestration: nothing passes; the closest is Temporal, which "
            f"misses: {one_short}",
        ]
    )
    expect(page.locator('[data-summary="covered"]')).to_have_text("L1, L2, L4, L5")
    # Fed back to assessStack, the advice leaves no threshold finding.
    expect(page.locator('li.finding[data-kind="BELOW_THRESHOLD"]')).to_have_count(0)
    expect(page.locator('li.finding[data-kind="EMPTY_LAYER"]')).to_have_count(3)


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


def test_an_unknown_vendor_in_the_stack_link_shows_the_apis_message(
    page: Page, explorer: Explorer
) -> None:
    page.goto(explorer.url + "/stack?profile=healthcare&pick=L7%3Aargila")
    expect(page.get_by_role("alert")).to_have_text(
        "argument picks[0].vendor: no vendor with slug 'argila' (BAD_USER_INPUT)"
    )


def test_the_keyboard_alone_adds_a_pick_to_the_stack(page: Page, explorer: Explorer) -> None:
    page.goto(explorer.url + STACK_ARGILLA)
    expect(page.locator(".verdict")).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('name')") == "layer":
            break
    page.keyboard.type("L5")  # type-ahead picks the option
    expect(page.get_by_label("Layer of the pick")).to_have_value("L5")
    page.keyboard.press("Tab")
    page.keyboard.type("auth0")
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        explorer.url + "/stack?profile=healthcare&pick=L7%3Aargilla&pick=L5%3Aauth0"
    )
    expect(layer_section(page, "L5").locator('tr[data-slug="auth0"]')).to_be_visible()


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
