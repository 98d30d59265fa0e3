"""Vendor analysis pages as the site publishes them (plain text, see seeds/evaluations/).

The page is a sequence of sections under known headings. Its header line runs layer, category
and pricing together ("L7 — Multi-Agent Orchestration HITL Platform Free (OSS) / Argilla
Cloud"); the layer names come from the framework data and pricing starters from
seeds/page_vocabulary.yaml. Every value's line is recorded for messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from kb.formats.base import (
    Collector,
    Parsed,
    ParsedEvaluation,
    describe_validation_error,
    layer_mentions,
)
from kb.formats.text import parse_certifications, parse_flow, split_run_together
from kb.formats.vocabulary import PageVocabulary, page_vocabulary
from kb.framework import FrameworkData, framework_data
from kb.model import Evaluation, SourceFormat

_SPACES = re.compile("[\u00a0\u2007\u202f\t]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Markers the site puts before some headings and items.
_MARKERS = "⚠⚡❗❕✅✔✓☐☑□■•·▪◦‣\ufe0f"

HEADER = re.compile(r"^(?:L\s*|Layer\s*)(?P<n>[0-9]{1,2})\s*[—–-]\s*(?P<rest>.*)$")
SCORE = re.compile(r"^(?P<score>-?[0-9]{1,3})\s*/\s*(?P<max>[0-9]{1,3})$")
DIMENSION = re.compile(r"^(?P<letter>[A-Z])\s*[—–-]\s*(?P<name>\S.*)$")
WORD_LINE = re.compile(r"^(?P<word>[A-Za-z]+)\s+(?P<rest>[A-Z0-9\"'(].*)$")
STACK_LINE = re.compile(r"^(?:L\s*|Layer\s*)(?P<n>[0-9]{1,2})\b\s*[:—–-]?\s*(?P<text>.*)$")
BULLET = re.compile(r"^(?:[•·▪◦‣*☐☑□✓✔]\s*|\[[ xX]?\]\s*|[0-9]{1,3}[.)]\s+)?(?:[+\-−–]\s+)?")
LINK_ARROW = "→"

# Section keys and the headings that open them (compared case-insensitively, markers stripped).
SECTIONS: dict[str, tuple[str, ...]] = {
    "analysis": ("AI Analysis",),
    "tbi_view": ("Trust Before Intelligence",),
    "strengths": ("AI-Identified Strengths", "Strengths"),
    "limitations": ("AI-Identified Limitations", "Limitations"),
    "industry_fit": ("Industry Fit",),
    "alternatives": ("AI-Suggested Alternatives", "Alternatives"),
    "integration": ("Integration in 7-Layer Architecture", "Integration"),
    "risks": ("Trust Risks", "Risks"),
    "use_cases": ("Use Case Scenarios", "Use Cases"),
    "stack_impact": ("Stack Impact",),
    "watch_for": ("Watch For",),
    "poc_checklist": ("2-Week POC Checklist", "POC Checklist"),
}
FIT_PARTS: dict[str, tuple[str, ...]] = {
    "best_suited_for": ("Best suited for",),
    "certifications": ("Compliance certifications", "Certifications"),
    "use_with_caution_for": ("Use with caution for",),
}

Line = tuple[int, str]  # (1-based line number, text)


def clean_lines(text: str) -> list[Line]:
    """Non-empty lines with their numbers: CR/CRLF, NBSP and invisible characters normalised."""
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]


def strip_markers(text: str) -> str:
    return text.lstrip(_MARKERS + " ").strip()


def _heading_table(frameworks: FrameworkData) -> dict[str, str]:
    table = {title.casefold(): key for key, titles in SECTIONS.items() for title in titles}
    for framework in frameworks.frameworks:
        table[f"{framework.id} score".casefold()] = f"scores:{framework.id}"
    return table


def is_page(text: str) -> bool:
    """A page has the 'Lx — ...' header among its first lines, or an 'INPACT Score' heading."""
    head = text[:20_000]
    if any(HEADER.match(t) for _, t in _first_lines(head, 5)):
        return True
    if head.isascii() and "inpact score" not in head.lower().replace("\t", " "):
        return False  # the common case of a YAML file, decided without looking at every line
    return any(strip_markers(t).casefold() == "inpact score" for _, t in clean_lines(head))


def _first_lines(text: str, count: int) -> list[Line]:
    """The first `count` of `clean_lines(text)`, from a short prefix when it holds them all
    (its last line may be cut, so it must hold one more). Every file read asks, so the first
    prefix is short: 500 characters take 6 us to clean, 2,000 took 23."""
    for prefix in (500, 2_000):
        if len(text) <= prefix:
            break
        lines = clean_lines(text[:prefix])
        if len(lines) > count:
            return lines[:count]
    return clean_lines(text)[:count]


@dataclass
class _Page:
    """The page being read: values for the model, their lines, and problems."""

    out: Collector
    frameworks: FrameworkData
    vocabulary: PageVocabulary
    data: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def items(self, key: str, values: list[Line]) -> list[str]:
        for index, (number, _) in enumerate(values, start=1):
            self.lines[f"{key}.{index}"] = number
        return [text for _, text in values]


def _paragraph(lines: list[Line]) -> str:
    return "\n".join(text for _, text in lines)


def _header(page: _Page, number: int, text: str) -> None:
    page.lines.update(layer=number, category=number, pricing=number)
    match = HEADER.match(text)
    if not match:
        page.out.error(
            number,
            "expected the header line 'L<n> — <layer name> <category> <pricing>' "
            f"after the vendor name, found {text[:60]!r}",
        )
        return
    layer_id = f"L{int(match.group('n'))}"
    page.data["layer"] = layer_id
    rest = match.group("rest").strip()
    rest = _strip_layer_name(page, number, layer_id, rest)
    category, pricing = _split_pricing(page.vocabulary, rest)
    if not pricing:
        page.out.warning(number, "no pricing found in the header line (category kept whole)")
    page.data["category"] = category
    page.data["pricing"] = pricing


def _strip_layer_name(page: _Page, number: int, layer_id: str, rest: str) -> str:
    """Remove the layer's name (or an alias) that follows 'Lx —'; the longest match wins."""
    folded = rest.casefold()
    candidates = sorted(
        (
            (name, layer.id)
            for layer in page.frameworks.layers
            for name in (layer.name, *layer.aliases)
        ),
        key=lambda pair: -len(pair[0]),
    )
    for name, owner in candidates:
        if folded.startswith(name.casefold()) and (
            len(rest) == len(name) or not rest[len(name)].isalnum()
        ):
            if owner != layer_id and page.frameworks.layer(layer_id) is not None:
                page.out.warning(number, f"header says {layer_id} but names '{name}' ({owner})")
            return rest[len(name) :].strip()
    known = page.frameworks.layer(layer_id)
    if known is not None:
        page.out.warning(
            number,
            f"layer name after {layer_id} not recognised (expected '{known.name}' or an alias); "
            "it stays in the category",
        )
    return rest


def _split_pricing(vocabulary: PageVocabulary, rest: str) -> tuple[str, str]:
    words = "|".join(
        re.escape(w) for w in sorted(vocabulary.pricing_starters, key=len, reverse=True)
    )
    signs = "".join(re.escape(s) for s in vocabulary.currency_signs)
    pattern = (
        rf"(?<!\S)(?:(?:{words})(?![\w])|[{signs}][0-9])" if signs else rf"(?<!\S)(?:{words})(?!\w)"
    )
    starts = [m.start() for m in re.finditer(pattern, rest)]
    after_category = [s for s in starts if s > 0]
    if after_category:
        cut = after_category[0]
    elif starts:
        cut = starts[0]
    else:
        return rest, ""
    return rest[:cut].strip(), rest[cut:].strip()


def _scores(page: _Page, framework_id: str, lines: list[Line], heading_line: int) -> None:
    framework = page.frameworks.framework(framework_id)
    assert framework is not None  # headings come from the framework data
    score: dict[str, object] = {"framework": framework_id}
    page.lines[f"scores.{framework_id}"] = heading_line
    index = 0
    if lines and (declared := SCORE.match(lines[0][1])):
        score["declared_total"] = int(declared.group("score"))
        score["declared_max"] = int(declared.group("max"))
        page.lines[f"scores.{framework_id}"] = lines[0][0]
        index = 1
    dimensions: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    rationale: list[str] = []

    def finish() -> None:
        if current is None:
            return
        current["rationale"] = "\n".join(rationale)
        if "score" in current:
            dimensions.append(current)

    while index < len(lines):
        number, text = lines[index]
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        head = DIMENSION.match(text)
        if head and (SCORE.match(following) or framework.dimension(head.group("letter"))):
            finish()
            letter, name = head.group("letter"), head.group("name").strip()
            current, rationale = {"letter": letter, "name": name}, []
            key = f"scores.{framework_id}.{letter}"
            known = framework.dimension(letter)
            if known is None:
                page.out.error(
                    number,
                    f"unknown {framework_id} dimension '{letter}' ({name}); expected "
                    + ", ".join(f"{d.letter} ({d.name})" for d in framework.dimensions),
                )
                current = None
            elif key in page.lines:
                page.out.error(
                    number,
                    f"{framework_id} dimension {letter} appears twice (first on line "
                    f"{page.lines[key]})",
                )
                current = None
            else:
                page.lines[key] = number
                if not SCORE.match(following):
                    page.out.error(
                        number,
                        f"{framework_id} dimension {letter} ({name}) has no score line "
                        "'<score>/<max>' after it",
                    )
        elif current is not None and "score" not in current and (value := SCORE.match(text)):
            current["score"] = int(value.group("score"))
            current["max"] = int(value.group("max"))
            page.lines[f"scores.{framework_id}.{current['letter']}.score"] = number
        elif current is not None:
            rationale.append(text)
        elif head is None:
            page.out.warning(number, f"text in {framework_id} Score before any dimension ignored")
        index += 1
    finish()
    if "declared_total" not in score and not dimensions:
        # A heading alone (a page cut short, say) would be a framework scored with nothing.
        page.out.error(
            heading_line,
            f"{framework_id} Score has no total '<score>/<max>' and no scored dimension",
        )
    score["dimensions"] = dimensions
    scores = page.data.setdefault("scores", [])
    assert isinstance(scores, list)
    scores.append(score)


def _bullets(lines: list[Line]) -> list[Line]:
    return [(n, BULLET.sub("", strip_markers(t), count=1).strip()) for n, t in lines]


def _industry_fit(page: _Page, lines: list[Line]) -> None:
    parts: dict[str, list[Line]] = {}
    titles = {t.casefold(): key for key, ts in FIT_PARTS.items() for t in ts}
    current: str | None = None
    for number, text in lines:
        key = titles.get(strip_markers(text).rstrip(":").casefold())
        if key:
            current = key
            parts.setdefault(key, [])
            page.lines[f"industry_fit.{key}"] = number
        elif current is None:
            page.out.warning(number, "text in Industry Fit before 'Best suited for' ignored")
        else:
            parts[current].append((number, text))
    fit: dict[str, object] = {}
    words = page.vocabulary.product_words
    for key in ("best_suited_for", "use_with_caution_for"):
        items = [
            (number, piece)
            for number, text in _bullets(parts.get(key, []))
            for piece in split_run_together(text, words)
        ]
        fit[key] = page.items(f"industry_fit.{key}", items)
    certification_lines = parts.get("certifications", [])
    if certification_lines:
        raw = " ".join(text for _, text in certification_lines)
        held, not_held = parse_certifications(raw)
        fit["certifications_text"] = raw
        fit["certifications_held"] = [c.model_dump() for c in held]
        fit["certifications_not_held"] = [c.model_dump() for c in not_held]
    page.data["industry_fit"] = fit


def _looks_like_name(text: str) -> bool:
    return len(text) <= 80 and not text.endswith((".", "!", "?", ":"))


def _alternatives(page: _Page, lines: list[Line]) -> None:
    blocks: list[list[Line]] = [[]]
    for number, text in lines:
        if text.endswith(LINK_ARROW):  # "View analysis →" closes an alternative
            blocks.append([])
            continue
        block = blocks[-1]
        # Without "View analysis" lines, a short name-like line after a rationale starts a new one.
        if len(block) >= 2 and _looks_like_name(text):
            blocks.append([])
        blocks[-1].append((number, text))
    alternatives: list[dict[str, str]] = []
    for block in (b for b in blocks if b):
        (number, name), rest = block[0], block[1:]
        page.lines[f"alternatives.{len(alternatives) + 1}"] = number
        alternatives.append({"name": strip_markers(name), "rationale": _paragraph(rest)})
    page.data["alternatives"] = alternatives


def _integration(page: _Page, lines: list[Line]) -> None:
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for number, text in lines:
        label, _, value = text.partition(":")
        key = label.strip().casefold()
        if value and key in {"role", "upstream", "downstream"}:
            current = key
            parts[key] = [value.strip()]
            page.lines[f"integration.{key}"] = number
        elif current is not None:
            parts[current].append(text)
        else:
            page.out.warning(number, "text in Integration before 'Role:' ignored")
    joined = {key: " ".join(values) for key, values in parts.items()}
    page.data["integration"] = {
        "role": joined.get("role", ""),
        "upstream": parse_flow(joined.get("upstream", "")).model_dump(),
        "downstream": parse_flow(joined.get("downstream", "")).model_dump(),
    }


def _worded_entries(
    page: _Page,
    lines: list[Line],
    *,
    key: str,
    allowed: tuple[str, ...],
    kind: str,
    on_other: Callable[[dict[str, object], int, str], None],
) -> list[dict[str, object]]:
    """Entries that open with a word ('high Annotation bottlenecks…', or in capitals)."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    skipping = False  # inside an entry whose word was unknown: its lines are not kept
    for number, text in lines:
        opener = WORD_LINE.match(text)
        word = opener.group("word") if opener else ""
        # 'HIGH Annotation…' is the word 'high'; a capitalised first word ('Strong HIPAA…',
        # 'The ABAC…') goes on the entry above, as prose does (and only a lowercase word
        # that is not one of them is an unknown word).
        if word and not (word.islower() or (word.isupper() and word.lower() in allowed)):
            opener = None
        if opener and not text.casefold().startswith("mitigation:"):
            word = word.lower()
            skipping = word not in allowed
            if skipping:
                page.out.error(number, f"unknown {kind} '{word}' (expected {', '.join(allowed)})")
                continue
            current = {
                "word": word,
                "text": opener.group("rest").strip(),
                "more": [],
                "index": len(entries) + 1,
            }
            entries.append(current)
            page.lines[f"{key}.{len(entries)}"] = number
        elif skipping:
            continue
        elif current is None:
            page.out.warning(number, f"line ignored: expected a {kind} word first ({text[:40]!r})")
        else:
            on_other(current, number, text)
    return entries


def _risks(page: _Page, lines: list[Line]) -> None:
    def other(entry: dict[str, object], number: int, text: str) -> None:
        if text.casefold().startswith("mitigation:"):
            entry["mitigation"] = text.partition(":")[2].strip()
            page.lines[f"risks.{entry['index']}.mitigation"] = number
        elif "mitigation" in entry:
            entry["mitigation"] = f"{entry['mitigation']}\n{text}"
        else:
            entry["text"] = f"{entry['text']}\n{text}"

    entries = _worded_entries(
        page,
        lines,
        key="risks",
        allowed=page.frameworks.severities,
        kind="severity",
        on_other=other,
    )
    risks = []
    for entry in entries:
        risk: dict[str, object] = {"severity": entry["word"], "text": entry["text"]}
        mitigation = entry.get("mitigation")
        if isinstance(mitigation, str) and mitigation:
            risk["mitigation"] = {"text": mitigation, "layers": layer_mentions(mitigation)}
        risks.append(risk)
    page.data["risks"] = risks


def _use_cases(page: _Page, lines: list[Line]) -> None:
    def other(entry: dict[str, object], number: int, text: str) -> None:
        more = entry["more"]
        assert isinstance(more, list)
        more.append(text)

    entries = _worded_entries(
        page, lines, key="use_cases", allowed=page.frameworks.fits, kind="fit", on_other=other
    )
    page.data["use_cases"] = [
        {"fit": e["word"], "title": e["text"], "rationale": "\n".join(e["more"])}  # type: ignore[arg-type]
        for e in entries
    ]


def _stack_impact(page: _Page, lines: list[Line]) -> None:
    impacts: list[dict[str, str]] = []
    for number, text in _bullets(lines):
        match = STACK_LINE.match(text)
        if match and match.group("text"):
            page.lines[f"stack_impact.{len(impacts) + 1}"] = number
            impacts.append({"layer": f"L{int(match.group('n'))}", "text": match.group("text")})
        elif impacts:
            impacts[-1]["text"] += "\n" + text
        else:
            page.out.warning(number, "stack impact line does not start with a layer (L1–L7)")
    page.data["stack_impact"] = impacts


_PARAGRAPH_SECTIONS = frozenset({"analysis", "tbi_view"})
_LIST_SECTIONS = frozenset({"strengths", "limitations", "watch_for", "poc_checklist"})
# Sections with a structure of their own; every key of SECTIONS is in exactly one of these.
_SECTION_READERS: dict[str, Callable[[_Page, list[Line]], None]] = {
    "industry_fit": _industry_fit,
    "alternatives": _alternatives,
    "integration": _integration,
    "risks": _risks,
    "use_cases": _use_cases,
    "stack_impact": _stack_impact,
}


def _split_sections(page: _Page, body: list[Line]) -> dict[str, tuple[int, list[Line]]]:
    headings = _heading_table(page.frameworks)
    footer = tuple(p.casefold() for p in page.vocabulary.footer_prefixes)
    sections: dict[str, tuple[int, list[Line]]] = {}
    current: list[Line] | None = None
    for index, (number, text) in enumerate(body):
        if text.casefold().startswith(footer):
            # The footer ends the page; a section after it (a page pasted out of order, or a
            # second vendor's) would be lost without a word.
            later = [
                (n, t) for n, t in body[index + 1 :] if strip_markers(t).casefold() in headings
            ]
            if len(later) > 1:  # one may be the site's name ('Trust Before Intelligence')
                n, t = later[0]
                page.out.error(
                    n,
                    f"section '{strip_markers(t)}' after the footer line {number} (the footer "
                    "ends a vendor page: one vendor per file, sections before it)",
                )
            break
        key = headings.get(strip_markers(text).casefold())
        if key is not None:
            if key in sections:
                page.out.warning(number, f"section '{strip_markers(text)}' appears twice; merged")
                current = sections[key][1]
            else:
                current = []
                sections[key] = (number, current)
            continue
        if text.endswith(LINK_ARROW) and current is not sections.get("alternatives", (0, None))[1]:
            continue  # footer links ("Visit … website →") carry no facts
        if current is None:
            page.out.warning(number, f"text before the first section ignored: {text[:60]!r}")
            continue
        current.append((number, text))
    return sections


def parse_page(text: str, file: str) -> Parsed:
    """Parse one vendor page. Problems are collected; the evaluation is returned when it holds."""
    out = Collector(file)
    page = _Page(out, framework_data(), page_vocabulary())
    lines = clean_lines(text)
    parsed = Parsed(SourceFormat.PAGE, problems=out.problems)
    if len(lines) < 2:
        out.error(
            lines[0][0] if lines else None,
            "too short for a vendor page: expected a vendor name, then the 'L<n> — …' header line",
        )
        return parsed
    (name_line, name), (header_line, header) = lines[0], lines[1]
    page.data["vendor"] = {"name": strip_markers(name)}
    page.lines["vendor"] = name_line
    _header(page, header_line, header)
    body = lines[2:]
    headings = _heading_table(page.frameworks)
    if body and headings.get(strip_markers(body[0][1]).casefold()) is None:
        page.data["tagline"] = body[0][1]
        page.lines["tagline"] = body[0][0]
        body = body[1:]
    sections = _split_sections(page, body)
    for key, (number, content) in sections.items():
        if not key.startswith("scores:"):
            page.lines.setdefault(key, number)
        if key.startswith("scores:"):
            _scores(page, key.partition(":")[2], content, number)
        elif key in _PARAGRAPH_SECTIONS:
            page.data[key] = _paragraph(content)
        elif key in _LIST_SECTIONS:
            page.data[key] = page.items(key, _bullets(content))
        else:
            _SECTION_READERS[key](page, content)
    missing = [f.id for f in page.frameworks.frameworks if f"scores:{f.id}" not in sections]
    if missing:
        out.error(None, f"no {' or '.join(missing)} Score section: a page states both frameworks")
    try:
        evaluation = Evaluation.model_validate(page.data)
    except ValidationError as error:
        for loc, message in describe_validation_error(error):
            out.error(_line_for(page.lines, loc), message)
        return parsed
    evaluation.provenance.format = SourceFormat.PAGE
    parsed.evaluations.append(ParsedEvaluation(evaluation, page.lines))
    return parsed


def _line_for(lines: dict[str, int], loc: tuple[str | int, ...]) -> int | None:
    """The recorded line closest to a model location such as ('risks', 0, 'text')."""
    parts = [str(p + 1) if isinstance(p, int) else p for p in loc]
    while parts:
        key = ".".join(parts)
        if key in lines:
            return lines[key]
        parts.pop()
    return None
