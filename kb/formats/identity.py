"""A canonical file's vendor block, read from the first few YAML events only.

The seeder reads every file's identity first (microseconds each) so that it can resolve names
across files before it parses any file in full (kb.validate.early_names). Anything unusual
gives None, and the caller then validates every file before writing, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from kb.formats.page import is_page
from kb.formats.read import decode, read_at_most
from kb.problems import FileRejected

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER: Any = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_KEYS = frozenset({"name", "slug", "aliases"})


@dataclass(frozen=True)
class Identity:
    """What a canonical file's `vendor:` block states (slug "" when the file leaves it out)."""

    name: str
    slug: str
    aliases: tuple[str, ...]


class _Unusual(Exception):
    """Not a plain vendor block at the top of a canonical file."""


def _string(event: Any) -> str:
    """A scalar that the builder and pydantic both read as this very str."""
    if not isinstance(event, yaml.ScalarEvent) or event.anchor is not None or event.tag:
        raise _Unusual
    if _RESOLVER.resolve(ScalarNode, event.value, event.implicit) != _STR:
        raise _Unusual  # a plain 12, yes or ~ is no str (resolved as the composer does)
    return str(event.value)


def _plain_start(event: Any, kind: type[Any]) -> None:
    if not isinstance(event, kind) or event.anchor is not None or event.tag:
        raise _Unusual


def _vendor_block(events: Any) -> Identity:
    for kind in (yaml.StreamStartEvent, yaml.DocumentStartEvent):
        if not isinstance(next(events), kind):
            raise _Unusual
    _plain_start(next(events), yaml.MappingStartEvent)
    if _string(next(events)) != "vendor":
        raise _Unusual
    _plain_start(next(events), yaml.MappingStartEvent)
    found: dict[str, Any] = {}
    while not isinstance(event := next(events), yaml.MappingEndEvent):
        key = _string(event)
        if key not in _KEYS or key in found:
            raise _Unusual
        if key == "aliases":
            _plain_start(next(events), yaml.SequenceStartEvent)
            aliases = []
            while not isinstance(item := next(events), yaml.SequenceEndEvent):
                aliases.append(_string(item))
            found[key] = tuple(aliases)
        else:
            found[key] = _string(next(events))
    if not found.get("name"):
        raise _Unusual
    return Identity(found["name"], found.get("slug", ""), found.get("aliases", ()))


def read_identity(path: Path, *, max_file_bytes: int) -> Identity | None:
    """The vendor block a canonical YAML file opens with; None for any other file."""
    try:
        with path.open("rb") as handle:
            data = read_at_most(handle, max_file_bytes)
        if len(data) > max_file_bytes:
            return None
        text = decode(data, str(path))
        if is_page(text):
            return None
        return _vendor_block(iter(yaml.parse(text, Loader=_LOADER)))
    except (OSError, FileRejected, yaml.YAMLError, StopIteration, _Unusual):
        return None
