"""The Cypher registry: every statement the project runs, loaded by name from cypher/.

Names are paths without the extension: "schema/constraints", "write/upsert_vendors",
"read/vendor_detail". All files are read once, at first use; asking for a name that has no
file fails at once with the names that exist. tests/unit/test_queries.py checks that every file
is used somewhere and every name used has a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.errors import KbError, NotFound
from kb.graph.score_properties import SCORE_PROPERTIES
from kb.paths import data_dir

# The Vendor properties a read may sort by through an index: the totals and the per-dimension
# scores. A property name cannot be a Cypher parameter, and `ORDER BY v[$p]` cannot use an
# index, so these are the only names Python ever writes into Cypher text (see `sorted_by`).
SORT_PROPERTIES = frozenset({"inpactTotal", "goalsTotal", *SCORE_PROPERTIES.values()})

# How a sortable file is written, so that it runs as is in Neo4j Browser: sorted by INPACT.
WRITTEN_SORT_PROPERTY = "inpactTotal"


@dataclass(frozen=True)
class Query:
    name: str
    text: str  # the file as written, comments and :param lines included

    @property
    def statements(self) -> list[str]:
        """The statements to send: comment and :param lines dropped, split on ';'."""
        lines = [
            line
            for line in self.text.splitlines()
            if not line.lstrip().startswith(("//", ":param"))
        ]
        return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]

    @property
    def cypher(self) -> str:
        """The single statement of a one-statement file."""
        statements = self.statements
        if len(statements) != 1:
            raise ValueError(f"{self.name} holds {len(statements)} statements, expected 1")
        return statements[0]


def load_queries(root: Path) -> dict[str, Query]:
    queries: dict[str, Query] = {}
    for path in sorted(root.rglob("*.cypher")):
        name = path.relative_to(root).with_suffix("").as_posix()
        queries[name] = Query(name=name, text=path.read_text(encoding="utf-8"))
    return queries


@lru_cache(maxsize=1)
def registry() -> dict[str, Query]:
    return load_queries(data_dir("cypher"))


def query(name: str) -> Query:
    """The query called `name`; NotFound names the ones that exist."""
    queries = registry()
    try:
        return queries[name]
    except KeyError:
        known = ", ".join(sorted(queries)) or "none"
        raise NotFound(f"no Cypher file cypher/{name}.cypher (known: {known})") from None


def cypher(name: str) -> str:
    """Shorthand: the one statement in cypher/NAME.cypher."""
    return query(name).cypher


class UnsortableProperty(KbError):
    """A sort on a property outside SORT_PROPERTIES: a bug in the caller, never user text."""


@lru_cache(maxsize=64)  # one text per sortable property: built once, and Neo4j's plan cache hits
def sorted_by(name: str, variable: str, prop: str) -> str:
    """The one statement of cypher/NAME.cypher with every `variable.inpactTotal` (how the file
    is written) turned into `variable.prop`; `prop` must be in SORT_PROPERTIES."""
    if prop not in SORT_PROPERTIES:
        raise UnsortableProperty(
            f"cannot sort by {prop!r} (expected one of {', '.join(sorted(SORT_PROPERTIES))})"
        )
    text = cypher(name)
    written = re.compile(rf"(?<![\w.`]){re.escape(variable)}\.{WRITTEN_SORT_PROPERTY}(?![\w`])")
    if not written.search(text):
        raise UnsortableProperty(
            f"cypher/{name}.cypher never says {variable}.{WRITTEN_SORT_PROPERTY}"
        )
    return written.sub(f"{variable}.{prop}", text)
