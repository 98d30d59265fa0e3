"""What every resolver gets: the reader (one driver per process), limits and reference data."""

from __future__ import annotations

from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from api.limits import Limits
from api.repository import Reader
from api.taxonomy import RiskTaxonomy
from kb.framework import FrameworkData


class Context(BaseContext):
    def __init__(
        self, reader: Reader, limits: Limits, framework: FrameworkData, taxonomy: RiskTaxonomy
    ) -> None:
        super().__init__()
        self.reader = reader
        self.limits = limits
        self.framework = framework
        self.taxonomy = taxonomy


Info = StrawberryInfo[Context, None]
