"""What the API benchmark asks, in one place: per question, the GraphQL document for our API (i),
the named Cypher query and parameters for the driver floor (ii), and the @neo4j/graphql document
for the baseline (iii), with the same varying arguments for all three.

Request `n` of a run uses argument set `n % len(...)`, so every configuration sees the same
sequence. The floor's parameters are built exactly as the API's resolvers build them (same
Lucene escaping, taxonomy rules, page size and sort property), so (ii) runs the identical
statement with identical parameters. Adjust the documents here when schema.graphql changes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import build_schema, parse, validate

from api.fulltext import lucene_query
from api.limits import Limits
from api.reads import page_params
from api.taxonomy import RiskTaxonomy, load_taxonomy
from bench.corpus import vendor_name
from kb.framework import framework_data
from kb.model import slugify
from kb.stack.model import Constraints, Pick
from kb.stack.query import QUERY as STACK_QUERY
from kb.stack.query import assessment_params

LIMITS = Limits()
PAGE = LIMITS.default_page_size  # `first` left out -> the API's default page size
ARGUMENT_SETS = 64
SEED = 20261128

Params = dict[str, Any]


@dataclass(frozen=True)
class Question:
    key: str  # "Q1"
    title: str
    api_document: str
    api_variables: Callable[[int], Params]
    cypher: str  # name in cypher/, run by the floor
    cypher_params: Callable[[int], Params]
    apollo_document: str | None
    apollo_variables: Callable[[int], Params] | None
    apollo_coverage: str  # what (iii) answers of the question, and what it cannot express


# ---------------------------------------------------------------------------------------------
# Argument sets (deterministic)

# Free text for Q1 and Q7: a taxonomy word plus a corpus word, so both the full-text index and
# (for Q1) the risk taxonomy's rules match.
_PHRASES = [
    "audit trace",
    "latency cache",
    "policy governance",
    "recovery replica",
    "monitor signal",
    "lineage graph",
    "access tenant",
    "context connector",
    "semantic ontology",
    "feedback model",
    "secret gateway",
    "schema contract",
]


def _vendor_slugs(vendors: int) -> list[str]:
    rng = random.Random(SEED)
    return [slugify(vendor_name(rng.randint(1, vendors))) for _ in range(ARGUMENT_SETS)]


_LAYERS = [layer.id for layer in framework_data().layers]


# ---------------------------------------------------------------------------------------------
# Q1: tools mitigating a risk given by free text

_Q1_API = """
query Q1($text: String!) {
  mitigatingTools(riskText: $text, maxRisks: 3) {
    risk { id text severity owner { slug name layerId } }
    matchScore mitigation mitigationLayers matchedRules toolCount
    tools {
      rank strongest
      vendor { slug name layerId category evaluated inpactTotal goalsTotal }
      evidence { kind quote layerId declaredBy scores { dimension score } }
    }
  }
}
"""

_VENDOR_REF_APOLLO = "slug name layer category evaluated inpactTotal goalsTotal"

# Partial: the EXPLICIT (vendor and layer links) and LAYER evidence, each list separately.
_Q1_APOLLO = f"""
query Q1($phrase: String!) {{
  risksByText(phrase: $phrase, first: 3, sort: [{{score: DESC}}]) {{
    edges {{
      score
      node {{
        id text severity
        owner(limit: 1) {{ slug name layer }}
        explicitTools(limit: {PAGE}, sort: [{{inpactTotal: DESC}}, {{name: ASC}}]) {{
          {_VENDOR_REF_APOLLO}
        }}
        explicitLayers {{
          id
          vendors(where: {{retired: {{eq: false}}}}, limit: {PAGE},
                  sort: [{{inpactTotal: DESC}}, {{goalsTotal: DESC}}, {{name: ASC}}]) {{
            {_VENDOR_REF_APOLLO}
          }}
        }}
        mitigation(limit: 1) {{
          text
          appliesAt {{
            id
            vendors(where: {{retired: {{eq: false}}}}, limit: {PAGE},
                    sort: [{{inpactTotal: DESC}}, {{goalsTotal: DESC}}, {{name: ASC}}]) {{
              {_VENDOR_REF_APOLLO}
            }}
          }}
        }}
      }}
    }}
  }}
}}
"""


def _q1_text(n: int) -> str:
    return _PHRASES[n % len(_PHRASES)]


@lru_cache(maxsize=1)
def _taxonomy() -> RiskTaxonomy:
    return load_taxonomy(framework_data())


def _q1_params(n: int) -> Params:
    """As api.resolvers.questions.mitigating_tools builds them for riskText."""
    taxonomy = _taxonomy()
    return {
        "asked": {
            "riskId": None,
            "riskQuery": lucene_query(_q1_text(n), "riskText", LIMITS),
            "layer": None,
        },
        "maxRisks": 3,
        "first": PAGE,
        "rules": taxonomy.cypher_rules(),
        "threshold": taxonomy.threshold,
    }


# ---------------------------------------------------------------------------------------------
# Q2: a vendor's whole evaluation

_TOTALS = "declared declaredMax computed computedMax agrees"
_REF_API = "slug name layerId category evaluated inpactTotal goalsTotal isStub"
_Q2_API = f"""
query Q2($slug: String!) {{
  vendor(slug: $slug) {{
    vendor {{ {_REF_API} }}
    aliases retired pricing tagline analysis tbiView role upstreamText downstreamText
    certificationsText watchFor pocChecklist sourceFile format evaluatedAt latestVersion
    inpact {{ {_TOTALS} }}
    goals {{ {_TOTALS} }}
    latestScores {{ dimension framework letter name score max rationale }}
    history {{
      id version latest format sourceFile sourceUrl evaluatedAt ingestedAt layerId category
      inpact {{ {_TOTALS} }}
      goals {{ {_TOTALS} }}
      scores {{ dimension framework letter name score max rationale }}
    }}
    strengths limitations bestSuitedFor useWithCautionFor
    certificationsHeld {{ name scope }}
    certificationsNotHeld {{ name scope }}
    risks {{
      id severity text mitigation mitigationLayers explicitLayers
      tools {{ {_REF_API} }}
      layerTools {{ {_REF_API} }}
      layerToolCount
    }}
    useCases {{ fit title rationale }}
    stackImpact {{ layerId text }}
    upstream {{ layerId what }}
    downstream {{ layerId what }}
  }}
}}
"""

_MAX = LIMITS.max_page_size  # the API bounds every Q2 list by this
_LAYER_TOOLS = 10  # Q2 gives a risk's 10 best layer tools and their count
# ingestedAt is left out: @neo4j/graphql projects DateTime with apoc.date.convertFormat, and the
# knowledge base's Neo4j has no APOC.
_EVAL_FIELDS = (
    "id version latest format sourceFile sourceUrl evaluatedAt layer category "
    "inpactDeclared inpactDeclaredMax inpactComputed inpactComputedMax "
    "goalsDeclared goalsDeclaredMax goalsComputed goalsComputedMax"
)
_Q2_APOLLO = f"""
query Q2($slug: String!) {{
  vendors(where: {{slug: {{eq: $slug}}}}, limit: 1) {{
    slug name aliases evaluated retired layer category pricing tagline analysis tbiView role
    upstreamText downstreamText certificationsText watchFor pocChecklist sourceFile format
    evaluatedAt latestVersion inpactDeclared inpactDeclaredMax inpactComputed inpactComputedMax
    inpactTotal goalsDeclared goalsDeclaredMax goalsComputed goalsComputedMax goalsTotal
    evaluations(sort: [{{version: DESC}}], limit: {_MAX}) {{
      {_EVAL_FIELDS}
      scoresConnection(first: {_MAX},
                       sort: [{{node: {{framework: DESC}}}}, {{node: {{position: ASC}}}}]) {{
        edges {{ properties {{ score max rationale }} node {{ key framework letter name }} }}
      }}
    }}
    strengths(sort: [{{position: ASC}}], limit: {_MAX}) {{ text }}
    limitations(sort: [{{position: ASC}}], limit: {_MAX}) {{ text }}
    bestSuitedForConnection(first: {_MAX}, sort: [{{edge: {{position: ASC}}}}]) {{
      edges {{ node {{ text }} }}
    }}
    useWithCautionForConnection(first: {_MAX}, sort: [{{edge: {{position: ASC}}}}]) {{
      edges {{ node {{ text }} }}
    }}
    certificationsHeldConnection(first: {_MAX}, sort: [{{node: {{name: ASC}}}}]) {{
      edges {{ properties {{ scope }} node {{ name }} }}
    }}
    certificationsNotHeldConnection(first: {_MAX}, sort: [{{node: {{name: ASC}}}}]) {{
      edges {{ properties {{ scope }} node {{ name }} }}
    }}
    risks(sort: [{{severityRank: DESC}}, {{position: ASC}}], limit: {_MAX}) {{
      id severity text
      mitigation(limit: 1) {{
        text
        appliesAt(sort: [{{id: ASC}}]) {{
          id
          vendors(where: {{retired: {{eq: false}}}}, limit: {_LAYER_TOOLS},
                  sort: [{{inpactTotal: DESC}}, {{name: ASC}}]) {{ {_VENDOR_REF_APOLLO} }}
          vendorsConnection(where: {{node: {{retired: {{eq: false}}}}}}) {{ totalCount }}
        }}
      }}
      explicitLayers(sort: [{{id: ASC}}]) {{ id }}
      explicitTools(sort: [{{name: ASC}}], limit: {_MAX}) {{ {_VENDOR_REF_APOLLO} }}
    }}
    useCases(sort: [{{position: ASC}}], limit: {_MAX}) {{ fit title rationale }}
    stackImpactConnection(first: {_MAX}, sort: [{{edge: {{position: ASC}}}}]) {{
      edges {{ properties {{ text }} node {{ id }} }}
    }}
    upstreamConnection(first: {_MAX}, sort: [{{edge: {{position: ASC}}}}]) {{
      edges {{ properties {{ what }} node {{ id }} }}
    }}
    downstreamConnection(first: {_MAX}, sort: [{{edge: {{position: ASC}}}}]) {{
      edges {{ properties {{ what }} node {{ id }} }}
    }}
  }}
}}
"""


# ---------------------------------------------------------------------------------------------
# Q4: the first page of vendors, sorted by INPACT total (best first), with totalCount

_Q4_API = f"""
query Q4($layer: String) {{
  vendors(filter: {{layer: $layer}}, sort: {{field: INPACT_TOTAL}}) {{
    totalCount
    edges {{ cursor node {{ {_REF_API} }} }}
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  }}
}}
"""

_Q4_APOLLO_LAYER = f"""
query Q4($layer: String!) {{
  vendorsConnection(first: {PAGE}, where: {{layer: {{eq: $layer}}, retired: {{eq: false}}}},
                    sort: [{{inpactTotal: DESC}}, {{name: ASC}}]) {{
    totalCount
    edges {{ cursor node {{ {_VENDOR_REF_APOLLO} }} }}
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  }}
}}
"""

_Q4_APOLLO_ALL = f"""
query Q4 {{
  vendorsConnection(first: {PAGE}, where: {{retired: {{eq: false}}}},
                    sort: [{{inpactTotal: DESC}}, {{name: ASC}}]) {{
    totalCount
    edges {{ cursor node {{ {_VENDOR_REF_APOLLO} }} }}
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  }}
}}
"""


# The floor runs cypher("read/vendors_page") as written: sorted by inpactTotal, the property the
# file is written with, which is the text the API sends for this sort.
def _q4_params(layer: str | None) -> Params:
    """As api.resolvers.vendors builds them for this filter and sort."""
    return page_params(
        {"layer": layer}, sort_property="inpactTotal", descending=True, offset=0, first=PAGE
    )


# ---------------------------------------------------------------------------------------------
# Q7: search

_Q7_API = f"""
query Q7($text: String!) {{
  search(text: $text) {{ field score text detail vendor {{ {_REF_API} }} }}
}}
"""

# Partial: three node indexes, each ranked on its own; no relationship indexes.
_Q7_APOLLO = f"""
query Q7($phrase: String!) {{
  vendorsByName(phrase: $phrase, first: {PAGE}, sort: [{{score: DESC}}]) {{
    edges {{ score node {{ {_VENDOR_REF_APOLLO} }} }}
  }}
  risksByText(phrase: $phrase, first: {PAGE}, sort: [{{score: DESC}}]) {{
    edges {{ score node {{ text owner(limit: 1) {{ {_VENDOR_REF_APOLLO} }} }} }}
  }}
  mitigationsByText(phrase: $phrase, first: {PAGE}, sort: [{{score: DESC}}]) {{
    edges {{
      score node {{ text risk(limit: 1) {{ owner(limit: 1) {{ {_VENDOR_REF_APOLLO} }} }} }}
    }}
  }}
}}
"""


def _q7_text(n: int) -> str:
    return _PHRASES[(n * 5) % len(_PHRASES)]


def _lucene(text: str) -> str:
    return lucene_query(text, "text", LIMITS)


# ---------------------------------------------------------------------------------------------


def questions(vendors: int) -> list[Question]:
    slugs = _vendor_slugs(vendors)

    def slug(n: int) -> str:
        return slugs[n % len(slugs)]

    def layer(n: int) -> str:
        return _LAYERS[n % len(_LAYERS)]

    return [
        Question(
            key="Q1",
            title="Q1 risk mitigators (risk by free text, 3 risks, 20 tools each)",
            api_document=_Q1_API,
            api_variables=lambda n: {"text": _q1_text(n)},
            cypher="read/risk_mitigators",
            cypher_params=_q1_params,
            apollo_document=_Q1_APOLLO,
            apollo_variables=lambda n: {"phrase": _lucene(_q1_text(n))},
            apollo_coverage=(
                "partial: the risks by full text with their explicit tools and the vendors of "
                "the layers their mitigation applies at, as separate unranked lists; the "
                "DIMENSION evidence (taxonomy rules matched against the risk's text, then a "
                "threshold on every mapped score) and one ranking across evidence kinds with "
                "toolCount cannot be expressed without a @cypher field"
            ),
        ),
        Question(
            key="Q2",
            title="Q2 vendor evaluation (by slug)",
            api_document=_Q2_API,
            api_variables=lambda n: {"slug": slug(n)},
            cypher="read/vendor_evaluation",
            cypher_params=lambda n: {"slug": slug(n), "maxItems": _MAX},
            apollo_document=_Q2_APOLLO,
            apollo_variables=lambda n: {"slug": slug(n)},
            apollo_coverage=(
                "the same data but `ingestedAt` (the library's DateTime projection needs APOC, "
                "which the server does not have): nested selections with sorts and limits; the "
                "client still derives latest scores and declared-vs-computed agreement, and "
                "layer tools come as the 10 best and a count per layer, not merged across layers"
            ),
        ),
        Question(
            key="Q4",
            title="Q4 vendors of one layer, first page by INPACT total, with totalCount",
            api_document=_Q4_API,
            api_variables=lambda n: {"layer": layer(n)},
            cypher="read/vendors_page",
            cypher_params=lambda n: _q4_params(layer(n)),
            apollo_document=_Q4_APOLLO_LAYER,
            apollo_variables=lambda n: {"layer": layer(n)},
            apollo_coverage="same question (vendorsConnection with where, sort, totalCount)",
        ),
        Question(
            key="Q4all",
            title="Q4 all 10,000 vendors, first page by INPACT total, with totalCount",
            api_document=_Q4_API,
            api_variables=lambda n: {"layer": None},
            cypher="read/vendors_page",
            cypher_params=lambda n: _q4_params(None),
            apollo_document=_Q4_APOLLO_ALL,
            apollo_variables=lambda n: {},
            apollo_coverage="same question (vendorsConnection with sort, totalCount)",
        ),
        Question(
            key="Q7",
            title="Q7 search (two words, 20 hits)",
            api_document=_Q7_API,
            api_variables=lambda n: {"text": _q7_text(n)},
            cypher="read/search",
            cypher_params=lambda n: {"query": _lucene(_q7_text(n)), "first": PAGE},
            apollo_document=_Q7_APOLLO,
            apollo_variables=lambda n: {"phrase": _lucene(_q7_text(n))},
            apollo_coverage=(
                "partial: vendor names, risks and mitigations as three separately ranked lists "
                "of 20; @fulltext covers node indexes only, so score and alternative "
                "rationales (relationship indexes) are out, and there is no merged ranking"
            ),
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Stack Builder and Vendor Advisor (bench/bench_stack.py): a stack of one or two vendors per
# layer of the synthetic corpus (vendor i sits at layer (i - 1) % 7 + 1), graded against the
# healthcare profile; the advice excludes one varying vendor. assessStack asks what the web
# explorer's Stack page asks: its own document, read from web/src/operations.ts.

WEB_OPERATIONS = Path(__file__).resolve().parent.parent / "web" / "src" / "operations.ts"

_STACK_VENDOR = "slug name layerId passes misses totals { framework stated statedMax compared }"


def web_document(operation: str) -> str:
    """The web explorer's GraphQL document for `operation`, as web/src/operations.ts holds it
    (the build sends its hash; the API swaps the same text in)."""
    text = WEB_OPERATIONS.read_text(encoding="utf-8")
    found = re.search(r"graphql\(`\s*(query " + re.escape(operation) + r"\b.*?)`\)", text, re.S)
    if found is None:
        raise RuntimeError(f"{WEB_OPERATIONS} has no query {operation}")
    return found.group(1)


_ADVISE_API = f"""
query Advise($exclude: [String!]) {{
  adviseStack(profile: "healthcare", constraints: {{excludeVendors: $exclude}}) {{
    layers {{ layerId name best {{ {_STACK_VENDOR} }} closest {{ {_STACK_VENDOR} }} }}
    picks {{ layer vendor }}
  }}
}}
"""


def _stack_picks(n: int, per_layer: int) -> list[tuple[str, str]]:
    """Request n's stack: per_layer vendors of each layer, from a block of the corpus."""
    first = (n % ARGUMENT_SETS) * 7 * per_layer + 1
    return [
        (f"L{(i - 1) % 7 + 1}", slugify(vendor_name(i)))
        for i in range(first, first + 7 * per_layer)
    ]


def _stack_params(picks: list[tuple[str, str]], exclude: list[str] | None = None) -> Params:
    """As api.resolvers.stack builds them."""
    data = framework_data()
    profile = data.profiles[0]
    chosen = [Pick(layer, vendor) for layer, vendor in picks]
    return assessment_params(data, profile, chosen, Constraints(exclude=tuple(exclude or ())))


def stack_questions(vendors: int) -> list[Question]:
    slugs = _vendor_slugs(vendors)

    def picks_variables(per_layer: int) -> Callable[[int], Params]:
        return lambda n: {
            "profile": "healthcare",
            "picks": [{"layer": la, "vendor": v} for la, v in _stack_picks(n, per_layer)],
        }

    def stack(key: str, per_layer: int) -> Question:
        return Question(
            key=key,
            title=f"assessStack, {7 * per_layer} picks ({per_layer} per layer), healthcare",
            api_document=web_document("AssessStack"),
            api_variables=picks_variables(per_layer),
            cypher=STACK_QUERY,
            cypher_params=lambda n: _stack_params(_stack_picks(n, per_layer)),
            apollo_document=None,
            apollo_variables=None,
            apollo_coverage="not asked: the grading is not a graph query",
        )

    return [
        stack("assess7", 1),
        stack("assess14", 2),
        Question(
            key="advise",
            title="adviseStack, healthcare, one vendor excluded",
            api_document=_ADVISE_API,
            api_variables=lambda n: {"exclude": [slugs[n % len(slugs)]]},
            cypher=STACK_QUERY,
            cypher_params=lambda n: _stack_params([], [slugs[n % len(slugs)]]),
            apollo_document=None,
            apollo_variables=None,
            apollo_coverage="not asked",
        ),
    ]


def document_problems(schema_file: Path) -> list[str]:
    """Each API document checked against the committed SDL (schema.graphql), before any run."""
    schema = build_schema(schema_file.read_text(encoding="utf-8"))
    return [
        f"{question.key}: {error.message}"
        for question in [*questions(1), *stack_questions(1)]
        for error in validate(schema, parse(question.api_document))
    ]
