// Explicit links from canonical files: vendor `mitigator` mitigates risk `risk` (declared by
// the file of vendor `declaredBy`). Unknown vendors become stubs, unknown risks bare risks.
:param rows => [{mitigator: 'cerbos', mitigatorName: 'Cerbos', risk: 'argilla/3f2a9c1b7e', riskOwner: 'argilla', declaredBy: 'argilla', note: ''}]
CYPHER replan=skip
UNWIND $rows AS row
MERGE (s:Vendor {slug: row.mitigator})
ON CREATE SET s.name = row.mitigatorName, s.evaluated = false, s.retired = false
MERGE (r:Risk {id: row.risk})
ON CREATE SET r.vendorSlug = row.riskOwner
CREATE (s)-[:MITIGATES {declaredBy: row.declaredBy, note: row.note}]->(r)
