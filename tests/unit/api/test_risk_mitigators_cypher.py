"""Q1's Cypher writes one index seek per score property (a property name cannot be a parameter):
every score property must have its branch, each branch must seek the property it is chosen for,
and the index-less fallback must exclude exactly those properties."""

from __future__ import annotations

import re

from kb.graph.queries import cypher
from kb.graph.score_properties import SCORE_PROPERTIES

_BRANCH = re.compile(
    r"WITH p WHERE p = '(\w+)'\s*CALL \(\) \{\s*MATCH \(v:Vendor\) WHERE v\.(\w+) >= \$threshold"
)
_FALLBACK = re.compile(r"WITH p WHERE NOT p IN \[([^\]]*)\]")


def test_every_score_property_has_an_index_branch_seeking_it() -> None:
    branches = _BRANCH.findall(cypher("read/risk_mitigators"))
    assert [chosen for chosen, sought in branches if chosen != sought] == []
    assert sorted(chosen for chosen, _ in branches) == sorted(SCORE_PROPERTIES.values())


def test_the_fallback_branch_takes_every_other_property() -> None:
    fallbacks = _FALLBACK.findall(cypher("read/risk_mitigators"))
    assert len(fallbacks) == 1
    listed = re.findall(r"'(\w+)'", fallbacks[0])
    assert sorted(listed) == sorted(SCORE_PROPERTIES.values())


# The page's order (README, Q1): totals descending with the unscored last, then name and slug
# as Q4 breaks ties. The index-order path reads scored vendors only, then adds the unscored.
_FULL_ORDER = (
    "v.inpactTotal IS NULL, v.inpactTotal DESC, v.goalsTotal IS NULL, v.goalsTotal DESC, "
    "toLower(v.name), v.slug"
)
_PAGE_ORDERS = re.compile(r"ORDER BY ((?:(?!ORDER BY).)*?)\s+LIMIT \$first\b", re.DOTALL)


def test_every_page_order_is_the_full_order_or_a_part_of_it_that_agrees() -> None:
    orders = [" ".join(o.split()) for o in _PAGE_ORDERS.findall(cypher("read/risk_mitigators"))]
    assert orders == [
        _FULL_ORDER,  # a small group, sorted
        _FULL_ORDER.removeprefix("v.inpactTotal IS NULL, "),  # a large one: its scored members
        _FULL_ORDER.split("v.inpactTotal DESC, ")[1],  # then its unscored members
    ]


def test_names_break_ties_as_in_q4() -> None:
    assert "toLower(v.name), v.slug" in cypher("read/vendors_page")
