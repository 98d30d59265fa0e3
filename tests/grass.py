"""Reading a GRASS style sheet the way Neo4j Browser 5 does (for the tests that check ours)."""

from __future__ import annotations

import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Selector ("node.Risk") -> properties, as Browser's GraphStyle.parse reads them:
    quotes are dropped, braces inside quotes kept, each `key: value` cut at `;`."""
    rules: dict[str, str] = {}
    selector, body = "", ""
    inside_string = inside_props = False
    for char in text:
        if char == "'":
            inside_string = not inside_string
            continue
        if char == "{" and not inside_string:
            inside_props = True
            continue
        if char == "}" and not inside_string:
            inside_props = False
            rules[selector] = body
            selector, body = "", ""
            continue
        if inside_props:
            body += char
        elif not char.isspace():
            selector += char
    parsed: dict[str, dict[str, str]] = {}
    for name, props in rules.items():
        parsed[name] = {}
        for prop in props.split(";"):
            parts = prop.split(":")
            if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
                parsed[name][parts[0].strip()] = parts[1].strip()
    return parsed


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def interpolate(template: str, properties: dict[str, Any]) -> str:
    """A caption as Browser draws it before fitting it into the circle."""

    def value(match: re.Match[str]) -> str:
        found = properties.get(match.group(1))
        if isinstance(found, list):
            return ", ".join(map(str, found))
        return str(found) if isinstance(found, str | int | float) else ""

    return _PLACEHOLDER.sub(value, template)
