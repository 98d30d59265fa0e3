"""The Neo4j Browser guide, generated from cypher/read/explore_*.cypher so it never drifts.

Browser (`:play <url>`) fetches an HTML document and shows each `<slide>` as a page; a
`<pre class="runnable">` block gets a play icon that runs it in one click (clicking the text
only copies it into the editor). The first slide applies the style sheet and draws the model;
then one slide per explore file: its leading comment as the text, its `:param` lines and its
query as runnable blocks, exactly as the file holds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kb.graph.queries import Query, registry

# The guide's files: cypher/read/explore_*.cypher.
EXPLORE_FOLDER, EXPLORE_STEM = "read", "explore_"
# Where the API serves the guide and the style sheet (api.browser_assets).
GUIDE_PATH = "/browser/guide.html"
STYLE_PATH = "/browser/style.grass"
# Hosts that mean "this machine": the guide's URL says localhost, which Browser's
# remote-content allow-list holds by default and the managed server's neo4j.conf allows.
_LOOPBACK = frozenset({"127.0.0.1", "0.0.0.0", "::1", "::", "localhost"})  # noqa: S104
MODEL_QUERY = "CALL db.schema.visualization()"
TITLE = "Trust Before Intelligence knowledge base"


@dataclass(frozen=True)
class ExploreQuery:
    """One explore file split the way the guide shows it."""

    name: str  # "read/explore_stack"
    comment: str  # the leading `//` lines, joined, without the slashes
    params: tuple[str, ...]  # the `:param` lines as written
    statement: str  # the query, as written after the comment and :param lines

    @classmethod
    def of(cls, query: Query) -> ExploreQuery:
        comment: list[str] = []
        params: list[str] = []
        lines = query.text.strip().splitlines()
        index = 0
        while index < len(lines) and lines[index].lstrip().startswith(("//", ":param")):
            line = lines[index].strip()
            if line.startswith("//"):
                comment.append(line.removeprefix("//").strip())
            else:
                params.append(line)
            index += 1
        return cls(
            name=query.name,
            comment=" ".join(comment),
            params=tuple(params),
            statement="\n".join(lines[index:]).strip(),
        )

    @property
    def file(self) -> str:
        return f"cypher/{self.name}.cypher"

    @property
    def heading(self) -> str:
        """The file name in words: "read/explore_score_history" -> "Score history"."""
        words = _stem(self.name).removeprefix(EXPLORE_STEM).replace("_", " ")
        return words[:1].upper() + words[1:]

    @property
    def description(self) -> str:
        """The comment without its "Explore:" tag, as a sentence."""
        text = self.comment.removeprefix("Explore:").strip()
        return text[:1].upper() + text[1:]


def play_command(api_host: str, api_port: int) -> str:
    """What to type in Neo4j Browser to open the guide served by the API at host:port."""
    host = "localhost" if api_host in _LOOPBACK else api_host
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    return f":play http://{host}:{api_port}{GUIDE_PATH}"


def _stem(name: str) -> str:
    """ "read/explore_stack" -> "explore_stack"."""
    return name.partition("/")[2]


def _is_explore(name: str) -> bool:
    folder, _, stem = name.partition("/")
    return folder == EXPLORE_FOLDER and stem.startswith(EXPLORE_STEM)


def explore_queries() -> list[ExploreQuery]:
    """Every cypher/read/explore_*.cypher, in file-name order."""
    return [
        ExploreQuery.of(query) for name, query in sorted(registry().items()) if _is_explore(name)
    ]


def _runnable(text: str) -> str:
    return f'<pre mode="cypher" class="code runnable">{escape(text)}</pre>'


def _slide(heading: str, body: list[str]) -> str:
    inner = "\n".join(body)
    return (
        '<slide class="row-fluid">\n<div class="col-sm-12">\n'
        f"<h3>{escape(heading)}</h3>\n{inner}\n</div>\n</slide>"
    )


def _model_slide(style_url: str) -> str:
    return _slide(
        "The model",
        [
            "<p>Vendors sit in the seven layers of the stack (L1 storage … L7 multi-agent "
            "orchestration), are scored on the INPACT and GOALS dimensions by versioned "
            "evaluations, and carry strengths, limitations, risks with their mitigations, "
            "segments, certifications, use cases, alternatives and flows between layers.</p>",
            "<p>First apply the knowledge base's style sheet (captions and colours per label; "
            "risks show their severity), then draw the model:</p>",
            _runnable(f":style {style_url}"),
            _runnable(MODEL_QUERY),
            "<p>Each next slide is one question. Run its <code>:param</code> line first, then "
            "its query; change the value to look at something else.</p>",
        ],
    )


def _explore_slide(query: ExploreQuery) -> str:
    return _slide(
        query.heading,
        [
            f"<p>{escape(query.description)}</p>",
            *(_runnable(param) for param in query.params),
            _runnable(query.statement),
            f"<p><small>From <code>{escape(query.file)}</code>.</small></p>",
        ],
    )


def render_guide(style_url: str, queries: list[ExploreQuery] | None = None) -> str:
    """The whole guide document; `style_url` is where Browser fetches the GRASS file from."""
    if queries is None:
        queries = explore_queries()
    slides = [_model_slide(style_url), *map(_explore_slide, queries)]
    body = "\n".join(slides)
    return (
        f"<title>{escape(TITLE)}</title>\n"
        f'<article class="guide">\n<carousel class="deck container-fluid">\n{body}\n'
        "</carousel>\n</article>\n"
    )
