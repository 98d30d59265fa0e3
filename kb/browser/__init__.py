"""What Neo4j Browser needs to show the knowledge base: a guide (`:play`) generated from the
cypher/read/explore_*.cypher files, and a graph style sheet (`:style`, GRASS)."""

from kb.browser.guide import (
    GUIDE_PATH,
    STYLE_PATH,
    ExploreQuery,
    explore_queries,
    play_command,
    render_guide,
)
from kb.browser.style import style_sheet

__all__ = [
    "GUIDE_PATH",
    "STYLE_PATH",
    "ExploreQuery",
    "explore_queries",
    "play_command",
    "render_guide",
    "style_sheet",
]
