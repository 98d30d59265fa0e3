// The vendors' current risks (a bare risk another file pointed at is filled in), each with
// its mitigation and the layers the mitigation names.
:param rows => [{slug: 'argilla', id: 'argilla/3f2a9c1b7e', severity: 'high', severityRank: 3, text: '', position: 1, mitigation: null, mitigationLayers: []}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
MERGE (r:Risk {id: row.id})
SET r.vendorSlug = row.slug, r.severity = row.severity, r.severityRank = row.severityRank,
    r.text = row.text, r.position = row.position
CREATE (v)-[:HAS_RISK]->(r)
WITH r, row
WHERE row.mitigation IS NOT NULL
CREATE (m:Mitigation {id: row.id, vendorSlug: row.slug, text: row.mitigation})-[:MITIGATES]->(r)
WITH m, row
UNWIND row.mitigationLayers AS layerId
MATCH (l:Layer {id: layerId})
CREATE (m)-[:APPLIES_AT]->(l)
