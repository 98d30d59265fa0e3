// Step 2 of replacing vendors' current facts: delete their links, strip their risks to bare
// nodes, and return the element ids of every node that may now be an orphan (stub vendors,
// bare risks, segments, certifications) for write/delete_orphans.
:param slugs => ['argilla']
CYPHER replan=skip
UNWIND $slugs AS slug
MATCH (v:Vendor {slug: slug})
CALL (v, slug) {
  MATCH (v)-[x:IN_LAYER|CONSUMES_FROM|FEEDS|IMPACTS|BEST_SUITED_FOR|USE_WITH_CAUTION_FOR|HOLDS_CERTIFICATION|LACKS_CERTIFICATION|ALTERNATIVE_TO]->(t)
  DELETE x
  RETURN collect(elementId(t)) AS linked
}
CALL (v, slug) {
  MATCH (v)-[x:MITIGATES {declaredBy: slug}]->(r:Risk)
  DELETE x
  RETURN collect(elementId(r)) AS mitigated
}
CALL (v, slug) {
  MATCH (v)-[h:HAS_RISK]->(r:Risk)
  OPTIONAL MATCH (r)<-[x:MITIGATES {declaredBy: slug}]-(by)
  DELETE h, x
  REMOVE r.severity, r.severityRank, r.text, r.position
  RETURN collect(elementId(r)) + collect(elementId(by)) AS owned
}
RETURN linked + mitigated + owned AS candidates
