"""The quick event builder (kb.formats.yamlevents) against the careful composer path.

What the quick way returns must be exactly what the careful way returns for the same text, and
any text the careful way refuses the quick way must hand over (NotPlain), so that every error
is still reported the careful way.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kb.formats import yamlsafe
from kb.formats.yamlevents import NotPlain
from kb.problems import FileRejected

_REFUSED = object()


def quick(text: str) -> Any:
    try:
        return yamlsafe.load_plain(text)
    except NotPlain:
        return _REFUSED


def careful(text: str) -> Any:
    try:
        return yamlsafe._load(text, "f.yaml", track_lines=False).data
    except FileRejected:
        return _REFUSED


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types (1, 1.0 and True are equal in Python; nan is not itself)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def check_agrees(text: str) -> None:
    built, composed = quick(text), careful(text)
    if built is _REFUSED:
        return  # handed over: the careful way decides, as before
    assert composed is not _REFUSED, f"accepted what the careful way refuses: {text!r}"
    assert same(built, composed), (text, built, composed)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates(),
    st.datetimes(),
    st.text(max_size=12),
    st.sampled_from(["yes", "No", "~", "null", "1e3", "0x1F", "0o17", "1_000", ".inf", "12:30",
                     "2024-01-02", "<<", "=", "-", ":", "#x", "'", '"', "é", "a\u2028b"]),
)  # fmt: skip
_KEYS = st.one_of(st.text(max_size=8), st.sampled_from(["yes", "1", "~", "<<", "a: b"]))
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(data=_DATA, flow=st.sampled_from([None, True, False]), width=st.sampled_from([80, 20]))
def test_dumped_data_loads_the_same_both_ways(data: Any, flow: bool | None, width: int) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, width=width)
    check_agrees(text)


_YAMLISH = st.lists(
    st.sampled_from(
        [*"ab1 :-\n#'\"[]{},&*!|>?%@~.eyn\t\\\x00é\u2028\x85", "<<", ": ", "- ", "\n  ", "yes",
         "1.5", "0x1", "2024-01-02", "!!str ", "&a ", "*a", "---\n", "? "]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(text=_YAMLISH)
@example(text="a: 1\na: 2\n")
@example(text="a: &x 1\nb: *x\n")
@example(text="<<: {a: 1}\n")
@example(text="a: !!str 1\n")
@example(text="a: 1\n---\nb: 2\n")
def test_any_text_the_quick_way_accepts_loads_the_same_the_careful_way(text: str) -> None:
    check_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\n",  # an anchor
        "a: &x 1\nb: *x\n",  # an alias
        "a: !!str 1\n",  # an explicit tag
        "!!map {a: 1}\n",
        "a: 1\na: 2\n",  # a duplicate key
        "a: <<\n",  # the merge tag (as a key, '<<' is a plain key both ways)
        "a: =\n",
        "a: 1\n---\nb: 2\n",  # a second document
        "",  # no document
        "# only a comment\n",
        '"a\\0b": 1\n',  # a NUL in a key
        'a: "x\\0y"\n',  # and in a value
        "a: 2024-13-45\n",  # a timestamp that is no date
        "a: " + "1" * 5000 + "\n",  # an int longer than Python converts
        "[1, 2\n",  # a parse error
        "? [a]\n: 1\n",  # a key that is not a scalar
    ],
)
def test_what_is_not_plain_is_handed_over(text: str) -> None:
    assert quick(text) is _REFUSED


def test_the_limits_hand_over() -> None:
    def nested_text(depth: int) -> str:
        return "{a: " * depth + "1" + "}" * depth + "\n"

    assert quick(nested_text(yamlsafe.MAX_DEPTH + 1)) is _REFUSED
    assert careful(nested_text(yamlsafe.MAX_DEPTH + 1)) is _REFUSED
    assert quick(nested_text(yamlsafe.MAX_DEPTH)) == _nested(yamlsafe.MAX_DEPTH)
    many = "".join(f"k{i}: {i}\n" for i in range(yamlsafe.MAX_VALUES))  # the map is one more
    assert quick(many) is _REFUSED
    assert careful(many) is _REFUSED
    assert len(quick(many.split("\n", 1)[1])) == yamlsafe.MAX_VALUES - 1


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def test_plain_scalars_are_the_safe_loaders_values() -> None:
    text = (
        "s: text\nq: 'yes'\nb: yes\nn: ~\ni: 0x1F\nf: 1.5e+3\nd: 2024-01-02\n"
        "t: 2024-01-02 03:04:05\nl: [1, two]\nm: {x: null}\n'1': one\n"
        "z: 0\no: 012\nu: 1_000\nneg: -7\nbig: 123456789012345678901234567890\n"
    )
    assert quick(text) == {
        "s": "text",
        "q": "yes",
        "b": True,
        "n": None,
        "i": 31,
        "f": 1500.0,
        "d": date(2024, 1, 2),
        "t": datetime(2024, 1, 2, 3, 4, 5),
        "l": [1, "two"],
        "m": {"x": None},
        "1": "one",
        "z": 0,
        "o": 10,  # YAML 1.1: a leading 0 is octal
        "u": 1000,
        "neg": -7,
        "big": 123456789012345678901234567890,
    }
    assert same(quick(text), yaml.safe_load(text))


def test_load_yaml_of_a_plain_document_is_the_quick_ways(tmp_path: Path) -> None:
    text = "vendor:\n  name: A\nscores: [1, 2]\n"
    document = yamlsafe.load_yaml(text, "f.yaml")
    assert document.data == {"vendor": {"name": "A"}, "scores": [1, 2]}
    assert document.lines == {(): 1, ("vendor",): 1, ("vendor", "name"): 2, ("scores",): 3,
                              ("scores", 0): 3, ("scores", 1): 3}  # fmt: skip
