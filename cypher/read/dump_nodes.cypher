// The whole graph's nodes with their properties (backups and tests; streamed, sorted by the
// caller). Every label has one key property: id, slug or key. The seed lock is a running
// seed's, not the knowledge base's: left out.
MATCH (n)
WHERE NOT n:SeedLock
RETURN labels(n) AS labels, coalesce(n.id, n.slug, n.key) AS key, properties(n) AS properties
