"""GraphQL types, kept apart from kb.model: each is built from a row of a named read query."""
