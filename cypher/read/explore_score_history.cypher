// Explore: a vendor's score timeline — every ingested evaluation version with the score it
// gave each dimension (a table; the latest version is marked).
:param slug => 'argilla'
MATCH (:Vendor {slug: $slug})<-[:EVALUATES]-(e:Evaluation)-[s:SCORED]->(d:Dimension)
RETURN d.key AS dimension, e.version AS version, e.latest AS latest,
       e.ingestedAt AS ingestedAt, s.score AS score, s.max AS max
ORDER BY d.framework DESC, d.position, version
LIMIT 1000
