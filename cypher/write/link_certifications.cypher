// Certifications a vendor holds (held = true) or is stated not to hold (held = false).
// Certification nodes are shared, keyed by the slug of the name.
:param rows => [{slug: 'argilla', held: true, id: 'soc-2-type-ii', name: 'SOC 2 Type II', scope: null, position: 1}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
MERGE (c:Certification {id: row.id})
ON CREATE SET c.name = row.name
FOREACH (_ IN CASE WHEN row.held THEN [1] ELSE [] END |
  CREATE (v)-[:HOLDS_CERTIFICATION {scope: row.scope, position: row.position}]->(c))
FOREACH (_ IN CASE WHEN row.held THEN [] ELSE [1] END |
  CREATE (v)-[:LACKS_CERTIFICATION {scope: row.scope, position: row.position}]->(c))
