"""The Cypher registry: every file is used, every name used exists, Browser-ready read files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.api_queries import _q1_params, _q4_params
from kb.errors import NotFound
from kb.graph.queries import (
    SORT_PROPERTIES,
    UnsortableProperty,
    cypher,
    load_queries,
    query,
    registry,
    sorted_by,
)
from kb.graph.score_properties import SCORE_PROPERTIES
from tests.code_literals import literals_matching

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("kb", "api", "bench")
_NAME = re.compile(r"(?:read|write|schema|bench)/[a-z0-9_]+")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# `$filter.segment`: a key of a map parameter (a missing one is null, not an error).
_PARAM_KEY_USE = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*\.([A-Za-z_][A-Za-z0-9_]*)")
_PARAM_ONE = re.compile(r"^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>", re.MULTILINE)
_PARAM_MAP = re.compile(r"^:param\s*\{(.*)\}\s*$", re.MULTILINE)
_MAP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*:")


def _names_in_code() -> set[str]:
    """Every string literal in kb/ api/ bench/ that is a query name."""
    return literals_matching(_NAME, *CODE_DIRS)


def _declared_params(text: str) -> set[str]:
    declared = set(_PARAM_ONE.findall(text))
    for body in _PARAM_MAP.findall(text):
        declared.update(_MAP_KEY.findall(body))
    return declared


def test_every_cypher_file_is_used() -> None:
    used = _names_in_code()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    unused = [
        name
        for name in registry()
        if (
            f"cypher/{name}.cypher" not in readme
            if name.startswith("read/explore_")
            else name not in used
        )
    ]
    assert unused == []


def test_every_name_used_has_a_file() -> None:
    used = _names_in_code()
    assert used, "no Cypher names found in the code: the pattern is wrong"
    assert sorted(used - set(registry())) == []


def test_read_files_open_with_a_question_and_declare_their_parameters() -> None:
    for name, q in registry().items():
        if not name.startswith("read/"):
            continue
        assert q.text.lstrip().startswith("//"), f"{name} does not open with a comment"
        body = "\n".join(q.statements)
        missing = set(_PARAM_USE.findall(body)) - _declared_params(q.text)
        assert missing == set(), f"{name} uses ${sorted(missing)} without a :param line"
        # Neo4j reads a misspelt key of a map parameter as null: the :param line must name it.
        keys = set(_PARAM_KEY_USE.findall(body)) - _declared_params(q.text)
        assert keys == set(), f"{name} uses map keys {sorted(keys)} its :param line lacks"


def test_write_statements_keep_their_plans_as_the_graph_grows() -> None:
    # Every write finds its nodes by key (a uniqueness constraint), by element id or among
    # the seven layers, whatever the counts: a replan when the statistics change (after a
    # wipe, every 10 s of a growing seed) costs Neo4j 0.7-1.2 s and cannot find a better plan
    # (docs/benchmarks.md, Seeding).
    writes = {name: q for name, q in registry().items() if name.startswith("write/")}
    assert len(writes) == len(list((ROOT / "cypher" / "write").glob("*.cypher"))) > 0
    assert [n for n, q in writes.items() if not q.cypher.startswith("CYPHER replan=skip\n")] == []


def test_every_score_property_has_a_range_index() -> None:
    indexes = query("schema/indexes").text
    assert [p for p in SCORE_PROPERTIES.values() if f"(n.{p})" not in indexes] == []
    assert len(SCORE_PROPERTIES) == 11


def test_an_unknown_name_fails_at_once_naming_the_known_ones() -> None:
    with pytest.raises(NotFound, match=r"no Cypher file cypher/read/nope\.cypher \(known: .*"):
        cypher("read/nope")


def test_statements_drop_comments_and_params_and_split_on_semicolons(tmp_path: Path) -> None:
    (tmp_path / "write").mkdir()
    (tmp_path / "write" / "two.cypher").write_text(
        "// two statements\n:param x => 1\nRETURN $x;\n// second\nRETURN 2;\n", encoding="utf-8"
    )
    loaded = load_queries(tmp_path)
    assert list(loaded) == ["write/two"]
    assert loaded["write/two"].statements == ["RETURN $x", "RETURN 2"]
    with pytest.raises(ValueError, match="holds 2 statements"):
        _ = loaded["write/two"].cypher


def test_sorted_by_swaps_only_the_sort_variables_property() -> None:
    written = cypher("read/vendors_page")
    swapped = sorted_by("read/vendors_page", "ranked", "scoreGoalsA")
    assert "ranked.inpactTotal" not in swapped
    assert swapped.count("ranked.scoreGoalsA") == written.count("ranked.inpactTotal") == 5
    # The FILTERED part's minimum-total filter on `v` and the projected map keys stay as written.
    assert swapped.count("v.inpactTotal >= $filter.minInpact") == 1
    assert swapped.replace("ranked.scoreGoalsA", "ranked.inpactTotal") == written


def test_sorted_by_allows_only_totals_and_scores() -> None:
    expected = {"inpactTotal", "goalsTotal", *SCORE_PROPERTIES.values()}
    assert expected == SORT_PROPERTIES
    for bad in ("name", "slug", "inpactTotal DESC", "x} DETACH DELETE v //", "scoreInpactZ"):
        with pytest.raises(UnsortableProperty, match="cannot sort by"):
            sorted_by("read/vendors_page", "ranked", bad)


def test_sorted_by_refuses_a_file_without_the_written_sort_property() -> None:
    with pytest.raises(UnsortableProperty, match=r"read/vendor_evaluation\.cypher never says"):
        sorted_by("read/vendor_evaluation", "ranked", "goalsTotal")


def test_the_api_benchmarks_floor_sends_the_keys_its_queries_read() -> None:
    """The floor sends the API's statements itself: a key it left out would read as null."""
    for name, params in (
        ("read/risk_mitigators", _q1_params(0)),
        ("read/vendors_page", _q4_params("L5")),
    ):
        for param, value in params.items():
            if isinstance(value, dict):
                read = set(re.findall(rf"\${param}\.(\w+)", cypher(name)))
                assert set(value) == read, (name, param)
