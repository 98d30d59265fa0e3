"""Slugs: what a file states or its names give must have the form slugify writes, because a
slug names the vendor's file in `kb convert -o DIR` and `kb export DIR`."""

from __future__ import annotations

import pytest

from kb.formats.load import parse_text

SLUG_FORM = "(expected lowercase letters, digits and single hyphens, as 'apache-kafka')"


@pytest.mark.parametrize("slug", ["../../escaped", "/tmp/abs", "Argilla", "a--b", "-a", "a b"])
def test_a_stated_slug_out_of_form_is_refused_with_its_line(slug: str) -> None:
    parsed = parse_text(f'vendor:\n  name: X\n  slug: "{slug}"\nlayer: L1\n', "x.yaml")
    assert [str(p) for p in parsed.problems] == [
        f"x.yaml:3: error: vendor.slug: {slug!r} is not a slug {SLUG_FORM}"
    ]


@pytest.mark.parametrize("name", ["!!!", "日本語", "   "])
def test_a_name_without_letters_or_digits_needs_a_stated_slug(name: str) -> None:
    parsed = parse_text(f'vendor:\n  name: "{name}"\nlayer: L1\n', "x.yaml")
    assert [str(p) for p in parsed.problems] == [
        f"x.yaml:1: error: vendor: the name {name!r} gives no slug "
        "(it needs a letter or digit; or state a slug)"
    ]
    stated = parse_text(f'vendor:\n  name: "{name}"\n  slug: nihon\nlayer: L1\n', "x.yaml")
    assert stated.problems == []
    assert stated.evaluations[0].evaluation.vendor.slug == "nihon"


def test_alternatives_and_risk_links_are_checked_too() -> None:
    text = (
        "vendor: {name: X}\nlayer: L1\n"
        "alternatives:\n  - name: '???'\n  - {name: Y, slug: ../y}\n"
        "mitigates:\n  - {vendor: '', risk: r}\n  - {vendor: Bad, risk: r}\n"
    )
    assert [str(p) for p in parse_text(text, "x.yaml").problems] == [
        "x.yaml:4: error: alternatives.1: the name '???' gives no slug "
        "(it needs a letter or digit; or state a slug)",
        f"x.yaml:5: error: alternatives.2.slug: '../y' is not a slug {SLUG_FORM}",
        "x.yaml:7: error: mitigates.1.vendor: String should have at least 1 character",
        f"x.yaml:8: error: mitigates.2.vendor: 'Bad' is not a slug {SLUG_FORM}",
    ]
