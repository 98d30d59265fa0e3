"""Safe YAML (and JSON) loading with limits and a line number for every value.

PyYAML's safe loader still expands aliases, so a few lines of `&a [*a, *a, ...]` can grow
into billions of values (an "alias bomb"). Evaluation files never need anchors or aliases,
so any alias is refused outright, before anything is built. Depth and value counts are
limited too, and duplicate keys (which PyYAML silently overwrites) are errors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kb.problems import FileRejected, Problem

MAX_DEPTH = 32
MAX_VALUES = 100_000

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The loaded value and the 1-based line of every mapping key or sequence item by path."""

    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

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
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line(mark: Any) -> int | None:
    return None if mark is None else mark.line + 1


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.count = 0
        self.scalars = SafeConstructor()

    def fail(self, message: str, node: Node) -> FileRejected:
        return FileRejected([Problem(self.file, _line(node.start_mark), "error", message)])

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
            try:
                return self.scalars.construct_object(node)
            except (yaml.YAMLError, ValueError, OverflowError) as error:  # 2026-13-45, ...
                reason = getattr(error, "problem", None) or str(error)
                raise self.fail(f"invalid value '{node.value}': {reason}", node) from None
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = _line(item.start_mark) or 0
                items.append(self.build(item, (*path, index), depth + 1))
            return items
        if isinstance(node, MappingNode):
            mapping: dict[str, object] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise self.fail("mapping keys must be plain strings", key_node)
                key = str(key_node.value)
                line = _line(key_node.start_mark) or 0
                if key in mapping:
                    first = self.lines.get((*path, key))
                    raise self.fail(f"duplicate key '{key}' (first on line {first})", key_node)
                self.lines[(*path, key)] = line
                mapping[key] = self.build(value_node, (*path, key), depth + 1)
            return mapping
        raise self.fail("unsupported YAML node", node)  # pragma: no cover (three node kinds)


def load_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML (or JSON) document safely, or raise FileRejected with its line."""
    try:
        # An alias needs a '*': without one, skip the event scan (it costs a second parse).
        events = yaml.parse(text, Loader=_LOADER) if "*" in text else ()
        for event in events:
            if isinstance(event, yaml.AliasEvent):
                raise FileRejected(
                    [
                        Problem(
                            file,
                            _line(event.start_mark),
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
            [Problem(file, _line(mark), "error", f"invalid YAML: {reason}")]
        ) from None
    except yaml.reader.ReaderError as error:  # a control character; its str() has 2 lines
        line = text.count("\n", 0, error.position) + 1
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
    builder = _Builder(file)
    data = builder.build(root, (), 0)
    builder.lines.setdefault((), _line(root.start_mark) or 1)
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


def load_json(text: str, file: str) -> YamlDocument:
    """JSON that YAML cannot read, with the same limits but no line numbers.

    json.dumps escapes non-ASCII as surrogate pairs ("\\ud83d\\ude00"), which PyYAML refuses.
    Raises json.JSONDecodeError when the text is not JSON either (the caller then reports the
    YAML error, which has a line), FileRejected for NaN/Infinity or a limit.
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
    return YamlDocument(data)
