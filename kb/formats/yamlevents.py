"""The common case quickly: a plain YAML document built straight from the parser's events.

yaml.compose makes a node object per value, calling back into Python for each (a resolver and
two path hooks), and kb.formats.yamlsafe then walks that tree. Built from the events instead,
a 10 KB evaluation file loads in about 80% of the time. Only plain documents are built here:
anything else (an anchor, an alias, an explicit tag, a duplicate key, a limit, a second
document, a parse error) raises NotPlain, and the caller loads the text the careful way, which
finds the problem and reports it as before. So what this returns is what the careful way
returns for the same text, and every error is still the careful way's.
"""

from __future__ import annotations

from typing import Any

from yaml.constructor import SafeConstructor
from yaml.error import YAMLError
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

_INT = "tag:yaml.org,2002:int"


class NotPlain(Exception):
    """Not a plain document this module builds: load it the careful way."""


class _EventBuilder:
    def __init__(
        self,
        loader: Any,
        *,
        max_values: int,
        max_depth: int,
        plain_scalar_tags: frozenset[str],
        str_tag: str,
        first_chars: frozenset[str] | None,
    ) -> None:
        self.next_event = loader.get_event
        self.resolve = loader.resolve
        self.max_values = max_values
        self.max_depth = max_depth
        self.plain_scalar_tags = plain_scalar_tags
        self.str_tag = str_tag
        self.first_chars = first_chars
        self.count = 0
        self.scalars = SafeConstructor()

    def document(self) -> object:
        if type(self.next_event()) is not StreamStartEvent:
            raise NotPlain
        if type(self.next_event()) is not DocumentStartEvent:
            raise NotPlain  # an empty stream
        data = self.value(self.next_event(), 0)
        if type(self.next_event()) is not DocumentEndEvent:
            raise NotPlain
        if type(self.next_event()) is not StreamEndEvent:
            raise NotPlain  # a second document
        return data

    def value(self, event: Any, depth: int) -> object:
        self.count += 1
        if self.count > self.max_values or depth > self.max_depth:
            raise NotPlain
        if event.anchor is not None or event.tag is not None:  # an alias has an anchor
            raise NotPlain
        kind = type(event)
        if kind is ScalarEvent:
            return self.scalar(event)
        if kind is MappingStartEvent:
            return self.mapping(depth)
        if kind is SequenceStartEvent:
            items = []
            while type(item := self.next_event()) is not SequenceEndEvent:
                items.append(self.value(item, depth + 1))
            return items
        raise NotPlain  # an alias

    def mapping(self, depth: int) -> dict[str, object]:
        mapping: dict[str, object] = {}
        while type(key_event := self.next_event()) is not MappingEndEvent:
            if type(key_event) is not ScalarEvent or key_event.anchor or key_event.tag:
                raise NotPlain
            key = key_event.value
            if key in mapping or "\x00" in key:
                raise NotPlain
            mapping[key] = self.value(self.next_event(), depth + 1)
        return mapping

    def scalar(self, event: Any) -> object:
        value = event.value
        if not event.implicit[0]:
            tag = self.str_tag  # quoted: a str, as the resolver says without path resolvers
        elif self.first_chars is not None and value and value[0] not in self.first_chars:
            tag = self.str_tag  # no implicit resolver starts with this character
        else:
            tag = self.resolve(ScalarNode, value, event.implicit)
        if tag == self.str_tag:
            if "\x00" in value:
                raise NotPlain
            return value
        if tag == _INT and value.isdigit() and (value[0] != "0" or len(value) == 1):
            try:
                return int(value)  # plain decimal digits: what construct_yaml_int gives, quicker
            except ValueError:  # over Python's 4,300 digits: the careful way says so
                raise NotPlain from None
        if tag not in self.plain_scalar_tags:
            raise NotPlain  # '<<' (merge) or '=' (value)
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return self.scalars.construct_object(node)
        except (YAMLError, ValueError, OverflowError):
            raise NotPlain from None


def build_plain(
    text: str,
    loader_class: Any,
    *,
    max_values: int,
    max_depth: int,
    plain_scalar_tags: frozenset[str],
    str_tag: str,
    first_chars: frozenset[str] | None,
) -> object:
    """The document `text` holds, parsed by `loader_class` (a PyYAML loader), or NotPlain. A
    parse error is NotPlain too: the careful way reports it. `first_chars`: the characters an
    implicit resolver may start with (None when a wildcard resolver may match any)."""
    try:
        loader = loader_class(text)
    except YAMLError:
        raise NotPlain from None
    builder = _EventBuilder(
        loader,
        max_values=max_values,
        max_depth=max_depth,
        plain_scalar_tags=plain_scalar_tags,
        str_tag=str_tag,
        first_chars=first_chars,
    )
    try:
        return builder.document()
    except (YAMLError, RecursionError):
        raise NotPlain from None
    finally:
        loader.dispose()
