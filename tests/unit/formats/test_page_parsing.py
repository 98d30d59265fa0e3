"""The vendor-page parser on shapes argilla.txt does not show, and its text helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kb.formats import page
from kb.formats.load import parse_text
from kb.formats.page import parse_page
from kb.formats.text import parse_certifications, parse_flow, split_run_together
from kb.formats.vocabulary import page_vocabulary
from kb.model import Evaluation

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
ARGILLA_TEXT = (ROOT / "seeds" / "evaluations" / "argilla.txt").read_text(encoding="utf-8")
PRODUCTS = page_vocabulary().product_words


def only(text: str) -> Evaluation:
    parsed = parse_page(text, "page.txt")
    assert [p for p in parsed.problems if p.level == "error"] == []
    assert len(parsed.evaluations) == 1
    return parsed.evaluations[0].evaluation


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Teams building on LangGraph and OpenAIStartups using PostgreSQL with "
            "LlamaIndexBanks using HubSpot",
            [
                "Teams building on LangGraph and OpenAI",
                "Startups using PostgreSQL with LlamaIndex",
                "Banks using HubSpot",
            ],
        ),
        (
            "Groups doing RLHFCompanies using MLOps and SaaS tools",
            ["Groups doing RLHF", "Companies using MLOps and SaaS tools"],
        ),
        ("BanksInsurers", ["Banks", "Insurers"]),
        ("Users of GitHub, DynamoDB and BigQuery", ["Users of GitHub, DynamoDB and BigQuery"]),
        ("A single item", ["A single item"]),
        # The product-name guess looks at most six letters either side of a boundary.
        ("AbcdefGhijkl", ["AbcdefGhijkl"]),
        ("AbcdefgHij", ["Abcdefg", "Hij"]),
        ("AbHijklm", ["AbHijklm"]),
        ("AbHijklmn", ["Ab", "Hijklmn"]),
        ("x" + "aB" * 4, ["xa", "Ba", "Ba", "Ba", "B"]),
    ],
)
def test_run_together_items_split_without_breaking_product_names(
    text: str, items: list[str]
) -> None:
    assert split_run_together(text, PRODUCTS) == items


@pytest.mark.parametrize(
    ("text", "held", "not_held"),
    [
        (
            "SOC 2 Type II and ISO 27001. No FedRAMP.",
            [("SOC 2 Type II", None), ("ISO 27001", None)],
            [("FedRAMP", None)],
        ),
        ("HIPAA BAA available for Enterprise Cloud.", [("HIPAA BAA", "Enterprise Cloud")], []),
        ("No compliance certifications published.", [], []),
        # Whitespace runs are one space; a name is listed once; the scope follows the last comma.
        (
            "SOC 2,   ISO 27001  for   Cloud.  No HIPAA,  HIPAA or FedRAMP.",
            [("SOC 2", "Cloud"), ("ISO 27001", "Cloud")],
            [("HIPAA", None), ("FedRAMP", None)],
        ),
        ("", [], []),
    ],
)
def test_certifications(
    text: str, held: list[tuple[str, str | None]], not_held: list[tuple[str, str | None]]
) -> None:
    got_held, got_not = parse_certifications(text)
    assert [(c.name, c.scope) for c in got_held] == held
    assert [(c.name, c.scope) for c in got_not] == not_held


def test_flow_with_several_layers_in_one_clause() -> None:
    flow = parse_flow("Streams fresh records to Layer 3 models and L4 retrieval, alerts to Layer 6")
    assert [(x.layer, x.what) for x in flow.links] == [
        ("L3", "fresh records"),
        ("L4", "fresh records"),
        ("L6", "alerts"),
    ]


def test_flow_squeezes_whitespace_and_lists_a_link_once() -> None:
    flow = parse_flow("Reads  logs   from Layer 1,  logs from L1;   metrics\tfrom Layer 6")
    assert [(x.layer, x.what) for x in flow.links] == [("L1", "logs"), ("L6", "metrics")]
    assert flow.text == "Reads  logs   from Layer 1,  logs from L1;   metrics\tfrom Layer 6"


def test_too_many_flow_links_is_a_problem_with_its_line() -> None:
    clauses = ", ".join(f"thing {n} from Layer {n % 7 + 1}" for n in range(25))
    page = "\n".join(
        f"Upstream: {clauses}" if line.startswith("Upstream:") else line
        for line in ARGILLA_TEXT.split("\n")
    )
    parsed = parse_page(page, "a.txt")
    assert [str(p) for p in parsed.problems if p.level == "error"] == [
        "a.txt:128: error: integration.upstream.links: List should have at most 20 items after "
        "validation, not 25"
    ]
    assert parsed.evaluations == []


def test_variant_page_crlf_nbsp_markers_other_layer_and_maxima() -> None:
    evaluation = only((FIXTURES / "page_variant.txt").read_text(encoding="utf-8"))
    assert (evaluation.vendor.name, evaluation.layer) == ("Streamly Cloud", "L2")
    assert evaluation.category == "Event Streaming Service"
    assert evaluation.pricing == "$0.10 per GB / Enterprise tiers"
    assert evaluation.tagline == "Managed change data capture for agents."
    assert evaluation.analysis == "First paragraph of analysis.\nSecond line of analysis."
    assert evaluation.tbi_view == ""
    goals = evaluation.framework("GOALS")
    assert goals is not None
    assert [(d.letter, d.score, d.max) for d in goals.dimensions] == [
        ("G", 4, 5),
        ("O", 4, 5),
        ("A", 4, 5),
        ("L", 3, 5),
        ("S", 4, 5),
    ]
    assert evaluation.strengths[1] == "Native PostgreSQL and MongoDB connectors"
    assert evaluation.industry_fit.best_suited_for == [
        "Fintech teams streaming ledgers into LangGraph agents",
        "Retailers syncing PostgreSQL inventory",
        "Groups running RLHF",
        "Companies using OpenAI",
    ]
    assert [
        (r.severity.value, r.mitigation.layers if r.mitigation else None) for r in evaluation.risks
    ] == [("critical", ["L6", "L5"]), ("low", [])]
    assert [(u.fit.value, u.title) for u in evaluation.use_cases] == [
        ("weak", "Batch-only analytics")
    ]
    assert evaluation.alternatives == []
    assert [s.layer for s in evaluation.stack_impact] == ["L1", "L3"]
    assert evaluation.watch_for == [
        "Egress costs between regions",
        "Schema drift breaking consumers",
    ]
    assert evaluation.poc_checklist == ["Replicate one table end to end", "Measure lag under load"]


def test_crlf_and_nbsp_give_the_same_evaluation() -> None:
    plain = only(ARGILLA_TEXT)
    mangled = ARGILLA_TEXT.replace("\n", "\r\n").replace("Argilla Cloud", "Argilla\u00a0Cloud")
    assert only(mangled).content() == plain.content()


def test_absent_sections_are_empty() -> None:
    cut = ARGILLA_TEXT.index("AI-Identified Strengths")
    evaluation = only(ARGILLA_TEXT[:cut])
    assert (evaluation.strengths, evaluation.risks, evaluation.alternatives) == ([], [], [])
    assert evaluation.integration.role == ""


def test_unknown_severity_and_fit_words_are_errors_with_lines() -> None:
    text = ARGILLA_TEXT.replace("high Annotation", "severe Annotation").replace(
        "moderate Financial", "decent Financial"
    )
    parsed = parse_page(text, "p.txt")
    assert [str(p) for p in parsed.problems] == [
        "p.txt:134: error: unknown severity 'severe' (expected critical, high, medium, low)",
        "p.txt:152: error: unknown fit 'decent' (expected strong, moderate, weak)",
    ]


def test_lost_heading_makes_entries_unknown_words_not_a_crash() -> None:
    # Found by the mutation test: without "Use Case Scenarios" the use cases follow the risks.
    text = ARGILLA_TEXT.replace("Use Case Scenarios\n", "")
    parsed = parse_page(text, "p.txt")
    assert [str(p) for p in parsed.problems] == [
        "p.txt:147: error: unknown severity 'strong' (expected critical, high, medium, low)",
        "p.txt:151: error: unknown severity 'moderate' (expected critical, high, medium, low)",
        "p.txt:155: error: unknown severity 'strong' (expected critical, high, medium, low)",
    ]
    assert len(parsed.evaluations[0].evaluation.risks) == 3


def test_header_without_known_layer_name_keeps_text_in_category() -> None:
    text = ARGILLA_TEXT.replace("L7 — Multi-Agent Orchestration HITL", "Layer 7 — Agent Mesh HITL")
    parsed = parse_page(text, "p.txt")
    evaluation = parsed.evaluations[0].evaluation
    assert (evaluation.layer, evaluation.category) == ("L7", "Agent Mesh HITL Platform")
    assert [str(p) for p in parsed.problems] == [
        "p.txt:3: warning: layer name after L7 not recognised (expected 'Multi-Agent "
        "Orchestration' or an alias); it stays in the category"
    ]


def test_header_naming_another_layer_is_a_warning() -> None:
    text = ARGILLA_TEXT.replace("L7 — Multi-Agent Orchestration", "L7 — Observability & Feedback")
    parsed = parse_page(text, "p.txt")
    assert parsed.evaluations[0].evaluation.category == "HITL Platform"
    assert [str(p) for p in parsed.problems] == [
        "p.txt:3: warning: header says L7 but names 'Observability & Feedback' (L6)"
    ]


def test_header_by_alias_name() -> None:
    text = ARGILLA_TEXT.replace("Multi-Agent Orchestration HITL", "Self-Service Data Products HITL")
    assert only(text).category == "HITL Platform"


def test_dimension_without_score_line_is_an_error() -> None:
    text = ARGILLA_TEXT.replace("P — Permitted\n2/6\n", "P — Permitted\n")
    messages = [str(p) for p in parse_page(text, "p.txt").problems if p.level == "error"]
    assert messages == [
        "p.txt:28: error: INPACT dimension P (Permitted) has no score line '<score>/<max>' after it"
    ]


def test_missing_score_sections_and_header() -> None:
    parsed = parse_page("Just a name\nand some text\n", "p.txt")
    assert [str(p) for p in parsed.problems] == [
        "p.txt:2: error: expected the header line 'L<n> — <layer name> <category> <pricing>' "
        "after the vendor name, found 'and some text'",
        "p.txt: error: no INPACT or GOALS Score section: a page states both frameworks",
    ]


def test_detected_by_content_whatever_the_name() -> None:
    assert parse_text(ARGILLA_TEXT, "argilla.yaml").format == "page"


def test_every_section_has_exactly_one_reader() -> None:
    readers = [page._PARAGRAPH_SECTIONS, page._LIST_SECTIONS, set(page._SECTION_READERS)]
    assert sorted(key for group in readers for key in group) == sorted(page.SECTIONS)


# Pieces that move line boundaries: CR, CRLF, empty and blank lines, characters clean_lines
# drops or turns into spaces, and long lines that push the fifth line past a prefix.
_LINE_PIECES = st.sampled_from(
    ["a", "L1 — x", " ", "\t", "\n", "\r", "\r\n", "\n\n\n", "\u00a0", "\u200b", "x" * 120]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_PIECES, max_size=300), st.sampled_from([1, 5]))
@example(["a\n"] * 4 + ["x" * 120] * 5, 5)  # the fifth line runs past the first prefix
def test_first_lines_from_a_prefix_are_the_whole_texts_first_lines(
    pieces: list[str], count: int
) -> None:
    text = "".join(pieces)
    assert page._first_lines(text, count) == page.clean_lines(text)[:count]
