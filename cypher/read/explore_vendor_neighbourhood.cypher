// Explore: a vendor's neighbourhood — its layer, latest evaluation, strengths, limitations,
// risks (with their mitigations), segments, certifications, use cases, alternatives and the
// layers it consumes from, feeds and impacts. Returns paths: Neo4j Browser draws them.
:param slug => 'argilla'
MATCH p = (v:Vendor {slug: $slug})-[r]-(n)
WHERE NOT (n:Evaluation AND NOT r:LATEST)
OPTIONAL MATCH q = (n:Risk)<-[:MITIGATES]-(:Mitigation)
RETURN p, q
LIMIT 300
