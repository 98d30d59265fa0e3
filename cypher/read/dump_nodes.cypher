// The whole graph's nodes with their properties (backups and tests; streamed, sorted by the
// caller). Every label has one key property: id, slug or key. The seed lock (a running seed's)
// and the graph version (a restored backup must get a new one) are not the knowledge base's.
MATCH (n)
WHERE NOT n:SeedLock AND NOT n:GraphVersion
RETURN labels(n) AS labels, coalesce(n.id, n.slug, n.key) AS key, properties(n) AS properties
