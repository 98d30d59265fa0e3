"""The graph style sheet for Neo4j Browser (GRASS, what `:style` exports and loads).

Browser picks a rule by label (or relationship type) only, never by a property's value: so
each label gets its colour and a caption made of its text or name, and a risk's caption leads
with its severity ("high Vendor lock-in ..."), the one way GRASS can show it. Captions start
with `{name}` where the label's nodes have no `name`: `CALL db.schema.visualization()` draws
one node per label holding only its `name`, so the model picture reads "Risk", "Strength".
Browser's GRASS parser has no comments and cuts a value at its first `:` or `;`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

STYLE_FILE = "style.grass"


@cache
def style_sheet() -> str:
    return files("kb.browser").joinpath(STYLE_FILE).read_text(encoding="utf-8")
