// Vendor-to-layer links: upstream (kind 'consumes'), downstream (kind 'feeds') and stack
// impact (kind 'impacts').
:param rows => [{slug: 'argilla', kind: 'consumes', layer: 'L4', what: 'model outputs', position: 1}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
MATCH (l:Layer {id: row.layer})
FOREACH (_ IN CASE WHEN row.kind = 'consumes' THEN [1] ELSE [] END |
  CREATE (v)-[:CONSUMES_FROM {what: row.what, position: row.position}]->(l))
FOREACH (_ IN CASE WHEN row.kind = 'feeds' THEN [1] ELSE [] END |
  CREATE (v)-[:FEEDS {what: row.what, position: row.position}]->(l))
FOREACH (_ IN CASE WHEN row.kind = 'impacts' THEN [1] ELSE [] END |
  CREATE (v)-[:IMPACTS {text: row.what, position: row.position}]->(l))
