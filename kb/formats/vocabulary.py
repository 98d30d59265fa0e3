"""Word lists the parsers use, loaded from seeds/ (data, not constants in code)."""

from __future__ import annotations

from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, Field

from kb.paths import data_dir


class PageVocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pricing_starters: tuple[str, ...]
    currency_signs: tuple[str, ...] = ()
    product_words: tuple[str, ...] = ()
    footer_prefixes: tuple[str, ...] = ()


class VendorAliases(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    vendor_aliases: tuple[tuple[str, ...], ...] = Field(default=(), max_length=10_000)


@lru_cache(maxsize=1)
def page_vocabulary() -> PageVocabulary:
    path = data_dir("seeds") / "page_vocabulary.yaml"
    return PageVocabulary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def vendor_aliases() -> VendorAliases:
    path = data_dir("seeds") / "aliases.yaml"
    return VendorAliases.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
