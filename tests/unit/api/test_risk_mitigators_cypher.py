"""Q1's Cypher writes one index seek per score property (a property name cannot be a parameter):
every score property must have its branch, each branch must seek the property it is chosen for,
and the index-less fallback must exclude exactly those properties."""

from __future__ import annotations

import re

from kb.graph.queries import cypher
from kb.graph.rows import SCORE_PROPERTIES

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
