"""Run-together fit items that end in an acronym or a number: where the page dropped the
separator before a capitalised word, the next item starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.formats.load import parse_text
from kb.formats.text import split_run_together
from kb.formats.vocabulary import page_vocabulary

ROOT = Path(__file__).resolve().parents[3]
ARGILLA_TEXT = (ROOT / "seeds" / "evaluations" / "argilla.txt").read_text(encoding="utf-8")
PRODUCTS = page_vocabulary().product_words


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # An acronym, then a capitalised word: the acronym's last capital is not the word's.
        (
            "Hospitals requiring a HIPAA BAAAir-gapped government deployments",
            ["Hospitals requiring a HIPAA BAA", "Air-gapped government deployments"],
        ),
        ("Teams shipping RAGOn-premises sites", ["Teams shipping RAG", "On-premises sites"]),
        # A number, then a capitalised word.
        (
            "Fintechs audited for SOC 2Banks with model risk rules",
            ["Fintechs audited for SOC 2", "Banks with model risk rules"],
        ),
        ("Vendors certified to ISO 27001Insurers", ["Vendors certified to ISO 27001", "Insurers"]),
        # All three boundaries in one line.
        (
            "Labs needing a BAAUnits under SOC 2Teams doing annotationResearch groups",
            [
                "Labs needing a BAA",
                "Units under SOC 2",
                "Teams doing annotation",
                "Research groups",
            ],
        ),
    ],
)
def test_items_ending_in_an_acronym_or_a_number_are_split(text: str, items: list[str]) -> None:
    assert split_run_together(text, PRODUCTS) == items


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # Protected words hold their acronym or digit boundary ("XG|Boost", "SQ|Lite", "4|All").
        (
            "Teams on SQLAlchemy and XGBoostStartups using SQLite",
            ["Teams on SQLAlchemy and XGBoost", "Startups using SQLite"],
        ),
        ("Users of GPT4AllBanks using LLMOps", ["Users of GPT4All", "Banks using LLMOps"]),
        # An acronym before a space, a lowercase letter or the end is not a boundary.
        ("HIPAA BAA holders on AWS", ["HIPAA BAA holders on AWS"]),
        ("Teams on L4 and SOC 2 or ISO 27001", ["Teams on L4 and SOC 2 or ISO 27001"]),
        ("Neo4j users", ["Neo4j users"]),
    ],
)
def test_protected_names_and_plain_acronyms_stay_whole(text: str, items: list[str]) -> None:
    assert split_run_together(text, PRODUCTS) == items


def test_a_page_reports_each_split_item_on_its_line() -> None:
    best = "Best suited for\n\n"
    start = ARGILLA_TEXT.index(best) + len(best)
    end = ARGILLA_TEXT.index("\n", start)
    run_on = "Clinics requiring a HIPAA BAAAir-gapped labsFintechs audited for SOC 2Banks"
    page = ARGILLA_TEXT[:start] + run_on + ARGILLA_TEXT[end:]
    line = page[:start].count("\n") + 1
    parsed = parse_text(page, "a.txt")
    assert [p for p in parsed.problems if p.level == "error"] == []
    (only,) = parsed.evaluations
    assert only.evaluation.industry_fit.best_suited_for == [
        "Clinics requiring a HIPAA BAA",
        "Air-gapped labs",
        "Fintechs audited for SOC 2",
        "Banks",
    ]
    assert [only.lines[f"industry_fit.best_suited_for.{n}"] for n in (1, 2, 3, 4)] == [line] * 4
    assert "industry_fit.best_suited_for.5" not in only.lines
