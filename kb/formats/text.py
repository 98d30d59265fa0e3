"""Recovering structure that published pages lost: run-together list items, certification
sentences and flow sentences. Pure functions over strings."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from kb.formats.base import LAYER_MENTION
from kb.model import Certification, Flow, FlowLink

# "improvementResearch": a lowercase letter (or closing bracket) followed by an uppercase one.
_LOWER_UPPER = re.compile(r"(?<=[a-z)\]])(?=[A-Z])")
# "HIPAA BAAAir-gapped", "RLHFCompanies": the camel-case rule, in a run of capitals followed by
# a capitalised word the last capital starts the next item.
_ACRONYM_WORD = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z])")
# "SOC 2Banks": a digit followed by a capitalised word.
_DIGIT_WORD = re.compile(r"(?<=[0-9])(?=[A-Z][a-z])")
# Humps this short on both sides of a boundary inside a capitalised token look like a product
# name ("HubSpot") rather than two list items run together ("BanksInsurers").
_SHORT_HUMP = 6


def _protected_positions(text: str, protected: Iterable[str]) -> tuple[set[int], set[int]]:
    """(positions inside a protected word, positions where one starts or ends)."""
    inside: set[int] = set()
    edges: set[int] = set()
    for word in protected:
        start = text.find(word)
        while start != -1:
            inside.update(range(start + 1, start + len(word)))
            edges.update((start, start + len(word)))
            start = text.find(word, start + 1)
    return inside, edges


# A capital and at most one letter more than a short hump: enough to tell short from long.
_HUMP = re.compile(rf"[A-Z][a-z]{{0,{_SHORT_HUMP}}}")
_TOKEN = re.compile(r"\S+")


def _looks_like_product(text: str, cut: int, token_start: int) -> bool:
    """True for a short two-hump capitalised token around `cut`, such as 'HubSpot'.

    Looks at most a short hump's length either side of `cut`, so a page's worth of cuts in
    one long token costs linear time, not quadratic.
    """
    if not text[token_start].isupper():
        return False
    floor = max(token_start, cut - _SHORT_HUMP)
    if not any(text[i].isupper() for i in range(floor, cut)):
        return False  # the hump before the cut is longer than a short one
    right = _HUMP.match(text, cut)
    return right is not None and len(right.group(0)) <= _SHORT_HUMP


def split_run_together(text: str, protected: Iterable[str]) -> list[str]:
    """Split list items that lost their separators, never inside a protected word.

    'model improvementResearch organizations' -> ['model improvement', 'Research organizations']
    'a HIPAA BAAAir-gapped sites' -> ['a HIPAA BAA', 'Air-gapped sites']
    'SOC 2Banks' -> ['SOC 2', 'Banks']
    """
    inside, edges = _protected_positions(text, protected)
    free_edges = edges - inside
    token_starts = [m.start() for m in _TOKEN.finditer(text)]

    # After an acronym or a digit a capitalised word starts an item; only a protected word
    # holds the two together. After a lowercase letter it may be a product name's second hump.
    plain = {m.start() for m in _ACRONYM_WORD.finditer(text)}
    plain |= {m.start() for m in _DIGIT_WORD.finditer(text)}

    def is_cut(cut: int) -> bool:
        if cut in inside:
            return False
        if cut in free_edges or cut in plain:
            return True
        # A cut lies inside a token: the one holding the character before it.
        token_start = token_starts[bisect_right(token_starts, cut - 1) - 1]
        return not _looks_like_product(text, cut, token_start)

    candidates = plain | {m.start() for m in _LOWER_UPPER.finditer(text)}
    cuts = [cut for cut in sorted(candidates) if is_cut(cut)]
    pieces = []
    start = 0
    for cut in [*cuts, len(text)]:
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def _squeeze(text: str) -> str:
    """Whitespace runs as one space: the sentence regexes below backtrack over long runs."""
    return " ".join(text.split())


_NEGATION = re.compile(
    r"^(?:no|not|none|lacks|without|does not (?:have|hold|offer)|has no)\b[\s:]*", re.IGNORECASE
)
_SCOPE = re.compile(r"\s+(?:for|on|in|covering)\s+(?P<scope>[A-Z][^,]*)$")
_ITEM_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+|nor\s+)?|\s+(?:and|or|nor)\s+")


def _is_name_word(word: str) -> bool:
    """A word of a certification's name has a capital or a digit ('SOC', '2', 'FedRAMP')."""
    return any(ch.isupper() or ch.isdigit() for ch in word)


def _certification_name(item: str) -> str | None:
    """Trim lowercase words at either end; an all-lowercase item is a description, not a name.

    'HIPAA BAA available' -> 'HIPAA BAA'; 'industry-specific compliance certifications' -> None.
    """
    words = item.split()
    while words and not _is_name_word(words[0]):
        words.pop(0)
    while words and not _is_name_word(words[-1]):
        words.pop()
    return " ".join(words) or None


def parse_certifications(text: str) -> tuple[list[Certification], list[Certification]]:
    """(held, not held) from a page's compliance sentence(s).

    'SOC 2 Type II for Argilla Cloud. No HIPAA BAA, FedRAMP, or industry-specific compliance
    certifications available.' -> held [SOC 2 Type II (scope Argilla Cloud)], not held
    [HIPAA BAA, FedRAMP]. Generic lowercase phrases are left in the raw text only.
    """
    held: list[Certification] = []
    not_held: list[Certification] = []
    seen: set[tuple[bool, str]] = set()
    for sentence in re.split(r"(?<=[.;])\s+", _squeeze(text)):
        body = sentence.strip().rstrip(".;").strip()
        negation = _NEGATION.match(body)
        if negation:
            body = body[negation.end() :]
        scope = None
        # The scope follows the last comma; searching from there keeps the search linear.
        scoped = _SCOPE.search(body, body.rfind(",") + 1)
        if scoped:
            scope = scoped.group("scope").strip()
            body = body[: scoped.start()]
        target = not_held if negation else held
        for item in _ITEM_SEPARATOR.split(body):
            name = _certification_name(item)
            if name and (bool(negation), name) not in seen:
                seen.add((bool(negation), name))
                target.append(Certification(name=name, scope=scope))
    return held, not_held


_LEADING_VERB = re.compile(
    r"^(?:consumes|receives|reads|ingests|pulls|takes|gets|feeds|sends|writes|pushes|provides"
    r"|returns|emits|exports|publishes|delivers|supplies|streams|passes)\s+",
    re.IGNORECASE,
)
_TRAILING_PREPOSITION = re.compile(
    r"\s*\b(?:back\s+)?(?:from|to|into|for|via|through|with|in|on|at)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)


def parse_flow(text: str) -> Flow:
    """Layers an Upstream/Downstream sentence names, each with what flows.

    'Consumes model outputs from Layer 4 RAG pipelines, annotation data from Layer 1 storage'
    -> [(L4, 'model outputs'), (L1, 'annotation data')]; the sentence is kept as `text`.
    """
    links: list[FlowLink] = []
    seen: set[tuple[str, str]] = set()
    pending: list[str] = []
    for clause in re.split(r"\s*[,;]\s*", _squeeze(text).rstrip(".")):
        mentions = list(LAYER_MENTION.finditer(clause))
        if not mentions:
            pending.append(clause)
            continue
        head = _TRAILING_PREPOSITION.sub("", clause[: mentions[0].start()])
        what = ", ".join(part for part in [*pending, head] if part)
        what = _LEADING_VERB.sub("", what).strip()
        pending = []
        for mention in mentions:
            layer = f"L{int(mention.group(1))}"
            if (layer, what) not in seen:
                seen.add((layer, what))
                links.append(FlowLink(layer=layer, what=what))
    # Not validated here: the page's data is validated as a whole, where a limit (at most 20
    # links) becomes a problem with its line instead of an exception.
    return Flow.model_construct(text=text.strip(), links=links)
