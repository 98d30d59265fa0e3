"""Free text from a client -> a safe Lucene query for Neo4j's full-text indexes.

The text still travels as a parameter; escaping only stops Lucene from reading the client's
characters as its own syntax (wildcards, fuzzy, field names, boolean operators), which could
otherwise fail the query or make it expensive. Each word is searched as is, any word matching.
"""

from __future__ import annotations

import re

from api.errors import BadUserInput
from api.limits import Limits

_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_OPERATORS = {"AND", "OR", "NOT", "TO"}
MAX_TERMS = 20


def lucene_query(text: str, argument: str, limits: Limits) -> str:
    """Escaped terms joined by OR; LimitExceeded if too long (Limits.free_text), BadUserInput
    if nothing searchable is left."""
    terms = [_escape(word) for word in limits.free_text(text, argument).split()][:MAX_TERMS]
    terms = [term for term in terms if term]
    if not terms:
        raise BadUserInput(f"argument {argument} must contain a word to search for")
    return " OR ".join(terms)


def _escape(word: str) -> str:
    escaped = _SPECIAL.sub(r"\\\1", word)
    return escaped.lower() if word in _OPERATORS else escaped
