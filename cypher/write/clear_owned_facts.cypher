// Step 1 of replacing vendors' current facts: delete the nodes only they own (strengths,
// limitations, use cases, their risks' mitigations). Scores and evaluations are untouched.
:param slugs => ['argilla']
CYPHER replan=skip
UNWIND $slugs AS slug
MATCH (v:Vendor {slug: slug})
CALL (v) {
  MATCH (v)-[:HAS_STRENGTH|HAS_LIMITATION|HAS_USE_CASE]->(owned)
  DETACH DELETE owned
}
CALL (v) {
  MATCH (v)-[:HAS_RISK]->(:Risk)<-[:MITIGATES]-(m:Mitigation)
  DETACH DELETE m
}
