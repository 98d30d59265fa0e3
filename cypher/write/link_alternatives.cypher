// Suggested alternatives. An unknown target becomes a stub (ON CREATE only: a link never
// overwrites a vendor that has its own file).
:param rows => [{slug: 'argilla', target: 'temporal', targetName: 'Temporal', rationale: '', position: 1}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
MERGE (t:Vendor {slug: row.target})
ON CREATE SET t.name = row.targetName, t.evaluated = false, t.retired = false
CREATE (v)-[:ALTERNATIVE_TO {rationale: row.rationale, position: row.position}]->(t)
