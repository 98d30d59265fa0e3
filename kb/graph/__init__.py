"""Neo4j access: driver lifecycle, the Cypher registry, repository functions."""
