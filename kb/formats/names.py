"""One slug per vendor, whatever name a file uses ("Airflow" and "Apache Airflow").

Names come from seeds/aliases.yaml (groups; the first name gives the slug) and from the
`vendor.aliases` canonical files declare. Lookups compare case-insensitively and by slug, so
"Temporal", "temporal" and "TEMPORAL" are one vendor without any alias.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.model import slugify


class NameConflict(ValueError):
    """A name already resolves to another vendor."""


class NameResolver:
    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self._slugs: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        for group in groups:
            names = list(group)
            if names:
                self.declare(slugify(names[0]), names)

    @staticmethod
    def _keys(name: str) -> set[str]:
        return {name.casefold().strip(), slugify(name)} - {""}

    def declare(self, slug: str, names: Iterable[str]) -> None:
        """Make every name resolve to `slug`; NameConflict when one already means another."""
        for name in names:
            for key in self._keys(name):
                owner = self._slugs.get(key)
                if owner is not None and owner != slug:
                    raise NameConflict(f"'{name}' already names vendor '{owner}'")
            for key in self._keys(name):
                self._slugs[key] = slug
            known = self._names.setdefault(slug, [])
            if name not in known:
                known.append(name)

    def resolve(self, name: str) -> str:
        """The slug `name` resolves to (its own slug when nothing else is known)."""
        for key in (name.casefold().strip(), slugify(name)):
            if key in self._slugs:
                return self._slugs[key]
        return slugify(name)

    def names(self, slug: str) -> list[str]:
        """Every declared name of a vendor, first-declared first."""
        return list(self._names.get(slug, []))
