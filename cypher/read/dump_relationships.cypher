// The whole graph's relationships with their properties, each end named by label and key.
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS fromLabel, coalesce(a.id, a.slug, a.key) AS fromKey, type(r) AS type,
       labels(b)[0] AS toLabel, coalesce(b.id, b.slug, b.key) AS toKey,
       properties(r) AS properties
