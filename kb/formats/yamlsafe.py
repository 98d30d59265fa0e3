"""Safe YAML (and JSON) loading with limits and a line number for every value.

PyYAML's safe loader still expands aliases, so a few lines of `&a [*a, *a, ...]` can grow
into billions of values (an "alias bomb"). Evaluation files never need anchors or aliases,
so any alias is refused outright, before anything is built. Depth and value counts are
limited too, and duplicate keys (which PyYAML silently overwrites) are errors.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kb.formats.yamlevents import NotPlain, build_plain
from kb.problems import FileRejected, Problem, dotted

MAX_DEPTH = 32
MAX_VALUES = 100_000

Path_ = tuple[str | int, ...]


class YamlDocument:
    """The loaded value and the 1-based line of every mapping key or sequence item by path.

    Most files have no problem and nobody asks for their lines, so a document loaded from
    `text` finds them on first use, by composing the text again with line tracking.
    """

    def __init__(
        self,
        data: object,
        lines: dict[Path_, int] | None = None,
        *,
        text: str | None = None,
        file: str = "",
    ) -> None:
        self.data = data
        self.text = text
        self.file = file
        self._lines = lines if lines is not None or text is not None else {}

    @property
    def lines(self) -> dict[Path_, int]:
        if self._lines is None:
            assert self.text is not None
            self._lines = _load(self.text, self.file, track_lines=True).lines
        return self._lines

    def without_data(self) -> YamlDocument:
        """The same document's lines (found now or later), without holding its values."""
        return YamlDocument(None, self._lines, text=self.text, file=self.file)

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


_STANDARD = "tag:yaml.org,2002:"
# The tags plain YAML and JSON resolve to; any other (explicit) tag is refused.
_PLAIN_TAGS: dict[type[Node], frozenset[str]] = {
    ScalarNode: frozenset(
        _STANDARD + name for name in ("null", "bool", "int", "float", "str", "timestamp")
    ),
    SequenceNode: frozenset({_STANDARD + "seq"}),
    MappingNode: frozenset({_STANDARD + "map"}),
}

# libyaml's C parser when PyYAML was built with it (20x faster); same events, nodes and marks.
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = _STANDARD + "str"
_FIRST_CHARS = frozenset(k for k in _BASE_LOADER.yaml_implicit_resolvers if k is not None)
_CACHE_LIMIT = 4_096
_TAGS: dict[str, str] = {}  # short plain scalar -> its resolved tag


class _Loader(_BASE_LOADER):  # type: ignore[misc]
    """The safe loader with a quicker tag resolver (a third of composing time went there).

    PyYAML tries implicit resolvers (bool, int, null, ...) by a plain scalar's first
    character and falls back to str: a scalar starting with any other character is a str
    without trying a pattern. Short scalars (keys, numbers) repeat, so their tags are cached.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            if value and value[0] not in _FIRST_CHARS:
                return _STR
            if len(value) <= 40:
                tag = _TAGS.get(value)
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    if len(_TAGS) < _CACHE_LIMIT:
                        _TAGS[value] = tag
                return tag
        return str(super().resolve(kind, value, implicit))


# Without wildcard resolvers the first character decides; otherwise resolve as PyYAML does.
_LOADER: Any = _BASE_LOADER if None in _BASE_LOADER.yaml_implicit_resolvers else _Loader


_NUL_MESSAGE = "a NUL character (an escaped \\0 or \\u0000), which no text holds"


LineOf = Callable[[Any], int | None]

# YAML 1.1 (libyaml too) also ends a line at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR,
# which editors show inside a line; only these three make its line numbers differ.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
_EDITOR_BREAKS = re.compile(r"\r\n?|\n")


def _yaml_line(mark: Any) -> int | None:
    return None if mark is None else mark.line + 1


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _EDITOR_BREAKS.finditer(text))]


def line_finder(text: str) -> LineOf:
    """A mark's 1-based line as an editor counts it (a mark's index is in characters)."""
    # Three substring searches: a regular expression's character class took 41 us per 10 KB
    # file, on every file read.
    if not any(brk in text for brk in _YAML_ONLY_BREAKS):
        return _yaml_line
    starts = _line_starts(text)
    return lambda mark: None if mark is None else bisect_right(starts, mark.index)


def _reader_error_line(text: str, position: int) -> int:
    """The line of a ReaderError's position: a UTF-8 byte offset when libyaml read the text."""
    if _BASE_LOADER is not yaml.SafeLoader:  # libyaml
        position = len(text.encode()[:position].decode(errors="ignore"))
    return bisect_right(_line_starts(text), position)


class _Builder:
    def __init__(self, file: str, track_lines: bool, line_of: LineOf) -> None:
        self.file = file
        self.track_lines = track_lines
        self.line_of = line_of
        self.lines: dict[Path_, int] = {}
        self.count = 0
        self.scalars = SafeConstructor()

    def fail(self, message: str, node: Node) -> FileRejected:
        return FileRejected([Problem(self.file, self.line_of(node.start_mark), "error", message)])

    def build(self, node: Node, path: Path_, depth: int) -> object:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(f"more than {MAX_VALUES} values: too large for an evaluation", node)
        if depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH} levels", node)
        if node.tag not in _PLAIN_TAGS[type(node)]:
            # The builder never constructs Python objects, but an explicit tag such as
            # !!python/object or !!set would otherwise be dropped silently and mislead.
            tag = node.tag.replace(_STANDARD, "!!")
            raise self.fail(f"YAML tag '{tag}' refused: evaluation files hold plain values", node)
        if isinstance(node, ScalarNode):
            if node.tag == _STR:
                if "\x00" in node.value:  # an escaped "\0": no text file or graph text holds one
                    raise self.fail(f"{_field(path)}: {_NUL_MESSAGE}", node)
                return node.value  # what SafeConstructor returns for a str, minus its overhead
            try:
                return self.scalars.construct_object(node)
            except (yaml.YAMLError, ValueError, OverflowError) as error:  # 2026-13-45, ...
                reason = getattr(error, "problem", None) or str(error)
                raise self.fail(f"invalid value '{node.value}': {reason}", node) from None
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                if self.track_lines:
                    self.lines[(*path, index)] = self.line_of(item.start_mark) or 0
                items.append(self.build(item, (*path, index), depth + 1))
            return items
        if isinstance(node, MappingNode):
            mapping: dict[str, object] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise self.fail("mapping keys must be plain strings", key_node)
                key = str(key_node.value)
                if "\x00" in key:
                    raise self.fail(f"{_field(path)}: {_NUL_MESSAGE} (in a key)", key_node)
                if key in mapping:
                    first = self.lines.get((*path, key))
                    raise self.fail(f"duplicate key '{key}' (first on line {first})", key_node)
                if self.track_lines:
                    self.lines[(*path, key)] = self.line_of(key_node.start_mark) or 0
                mapping[key] = self.build(value_node, (*path, key), depth + 1)
            return mapping
        raise self.fail("unsupported YAML node", node)  # pragma: no cover (three node kinds)


def load_plain(text: str) -> object:
    """The quick way (kb.formats.yamlevents) with this module's loader and limits: a plain
    document's value, or NotPlain."""
    return build_plain(
        text,
        _LOADER,
        max_values=MAX_VALUES,
        max_depth=MAX_DEPTH,
        plain_scalar_tags=_PLAIN_TAGS[ScalarNode],
        str_tag=_STR,
        first_chars=_FIRST_CHARS if _LOADER is _Loader else None,
    )


def load_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML (or JSON) document safely, or raise FileRejected with its line.

    A plain document is built straight from the parser's events (kb.formats.yamlevents);
    anything else, and every error, takes the careful composer path below. The lines are found
    only when asked for (YamlDocument.lines). A file that fails is read again with line
    tracking, so that its error names the lines it needs (a duplicate key's first line)."""
    try:
        return YamlDocument(load_plain(text), text=text, file=file)
    except NotPlain:
        pass  # or not valid: the careful way below says why
    try:
        return _load(text, file, track_lines=False)
    except FileRejected:
        _load(text, file, track_lines=True)
        raise


def _load(text: str, file: str, *, track_lines: bool) -> YamlDocument:
    line_of = line_finder(text)
    try:
        # An alias needs a '*': without one, skip the event scan (it costs a second parse).
        events = yaml.parse(text, Loader=_LOADER) if "*" in text else ()
        for event in events:
            if isinstance(event, yaml.AliasEvent):
                raise FileRejected(
                    [
                        Problem(
                            file,
                            line_of(event.start_mark),
                            "error",
                            f"YAML alias '*{event.anchor}' refused: evaluation files may not "
                            "use anchors and aliases (they allow alias bombs)",
                        )
                    ]
                )
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or error.context or "invalid YAML"
        raise FileRejected(
            [Problem(file, line_of(mark), "error", f"invalid YAML: {reason}")]
        ) from None
    except yaml.reader.ReaderError as error:  # a control character; its str() has 2 lines
        line = _reader_error_line(text, error.position)
        char = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"invalid YAML: {error.reason} (character #x{char:04x})"
        raise FileRejected([Problem(file, line, "error", message)]) from None
    except yaml.YAMLError as error:
        reason = " ".join(str(error).split())
        raise FileRejected([Problem(file, None, "error", f"invalid YAML: {reason}")]) from None
    except RecursionError:
        raise FileRejected([Problem(file, None, "error", "YAML nested too deeply")]) from None
    if root is None:
        raise FileRejected([Problem(file, None, "error", "empty YAML document")])
    builder = _Builder(file, track_lines, line_of)
    data = builder.build(root, (), 0)
    if not track_lines:
        return YamlDocument(data, text=text, file=file)
    builder.lines[()] = line_of(root.start_mark) or 1
    return YamlDocument(data, builder.lines)


def _check_limits(data: object, file: str) -> None:
    """The builder's depth and value limits, for data that did not come through the builder."""
    count = 0
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            message = f"more than {MAX_VALUES} values: too large for an evaluation"
            raise FileRejected([Problem(file, None, "error", message)])
        if depth > MAX_DEPTH:
            message = f"nested deeper than {MAX_DEPTH} levels"
            raise FileRejected([Problem(file, None, "error", message)])
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


# JSON's parts: a string, a punctuation mark, or a bare number, true, false or null.
_JSON_PART = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s"{}\[\],:]+')


def _json_lines(text: str, file: str) -> dict[Path_, int]:
    """The line of every key and item of valid JSON `text`, as the YAML builder records them.

    json.loads gives no positions and keeps the last of two equal keys, so the text is
    scanned once more; a duplicate key is refused here, as the builder refuses it in YAML.
    """
    lines: dict[Path_, int] = {}
    # Per open container: its path, and [its next item's index] for an array, [] for an object.
    open_: list[tuple[Path_, list[int]]] = []
    at: Path_ = ()  # the path of the value that starts next
    expect_key = False
    starts = _line_starts(text)
    for match in _JSON_PART.finditer(text):
        part = match.group()
        line = bisect_right(starts, match.start())
        if part in ("{", "["):
            lines.setdefault(at, line)
            open_.append((at, [] if part == "{" else [0]))
            at, expect_key = ((*at, 0), False) if part == "[" else (at, True)
        elif part in ("}", "]"):
            open_.pop()
            expect_key = False
        elif part == ",":
            path, item = open_[-1]
            if item:  # an array: its next item
                item[0] += 1
                at = (*path, item[0])
            else:
                expect_key = True
        elif expect_key:
            at, expect_key = (*open_[-1][0], json.loads(part)), False
            if at in lines:
                message = f"duplicate key '{_printable(at[-1])}' (first on line {lines[at]})"
                raise FileRejected([Problem(file, line, "error", message)])
            lines[at] = line
        elif part != ":":
            lines.setdefault(at, line)  # a string or bare value (an item's line; keys have one)
    return lines


def _printable(text: str | int) -> str:
    """`text` with any lone surrogate escaped (\\ud800): printing it raw would fail."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _field(path: Path_) -> str:
    """`path` as messages name it, printable."""
    return _printable(dotted(path) or "(top level)")


def _texts(value: object, path: Path_ = ()) -> Iterator[tuple[str, Path_, str]]:
    """(text, path, "key" or "text") for every key and string, in file order (the depth is
    already checked, so recursion is safe)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, (*path, key), "key"
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, str):
        yield value, path, "text"


def _refuse_non_text(doc: YamlDocument, file: str) -> None:
    """Refuse what no text holds: a NUL (an escaped \\u0000), and the lone surrogate JSON's
    "\\ud800" escape gives, which no UTF-8 file or database can hold (json.loads has already
    joined every proper pair)."""
    for text, path, what in _texts(doc.data):
        if "\x00" in text:
            message = f"{_field(path)}: {_NUL_MESSAGE}" + (" (in a key)" if what == "key" else "")
            raise FileRejected([Problem(file, doc.line(path), "error", message)])
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            char = f"\\u{ord(text[error.start]):04x}"
            message = (
                f"{_field(path)}: {what} holds an unpaired surrogate {char}, not valid Unicode "
                "(expected a character, or a surrogate pair such as \\ud83d\\ude00)"
            )
            raise FileRejected([Problem(file, doc.line(path), "error", message)]) from None


def load_json(text: str, file: str) -> YamlDocument:
    """JSON that YAML cannot read, with the same limits, duplicate-key check and lines.

    json.dumps escapes non-ASCII as surrogate pairs ("\\ud83d\\ude00"), which PyYAML refuses.
    Raises json.JSONDecodeError when the text is not JSON either (the caller then reports the
    YAML error, which has a line), FileRejected for NaN/Infinity, a duplicate key, an unpaired
    surrogate or a limit.
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        message = f"nested deeper than {MAX_DEPTH} levels"
        raise FileRejected([Problem(file, None, "error", message)]) from None
    except ValueError as error:  # NaN, Infinity
        raise FileRejected([Problem(file, None, "error", f"invalid JSON: {error}")]) from None
    _check_limits(data, file)
    doc = YamlDocument(data, _json_lines(text, file))
    _refuse_non_text(doc, file)
    return doc
