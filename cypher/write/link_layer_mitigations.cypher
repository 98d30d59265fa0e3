// Explicit links from canonical files: a layer mitigates one of the file's own risks.
:param rows => [{layer: 'L5', risk: 'argilla/3f2a9c1b7e', declaredBy: 'argilla'}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (l:Layer {id: row.layer})
MATCH (r:Risk {id: row.risk})
CREATE (l)-[:MITIGATES {declaredBy: row.declaredBy}]->(r)
