"""The Cypher registry: every statement the project runs, loaded by name from cypher/.

Names are paths without the extension: "schema/constraints", "write/upsert_vendors",
"read/vendor_detail". All files are read once, at first use; asking for a name that has no
file fails at once with the names that exist. tests/unit/test_queries.py checks that every file
is used somewhere and every name used has a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.errors import NotFound
from kb.paths import data_dir


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
