"""The JSON Schema of canonical evaluation files, generated from the model (never by hand)."""

from __future__ import annotations

import json
from typing import Any

from kb.model import Evaluation


def evaluation_schema() -> dict[str, Any]:
    schema = Evaluation.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://trustbeforeintelligence.ai/kb/evaluation.schema.json",
        "description": "One vendor's evaluation in the canonical format (kb/model.py).",
        **schema,
    }


def schema_text() -> str:
    """The committed file's exact text (`kb schema-json` writes it, a test compares it)."""
    return json.dumps(evaluation_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
