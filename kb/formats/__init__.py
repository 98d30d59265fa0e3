"""Evaluation file formats: vendor pages, score snapshots and canonical YAML/JSON.

`kb.formats.load.parse_text` detects a text's format and parses it; every parser returns a
`Parsed` (evaluations with their line numbers, and problems) or raises `FileRejected`.
"""
