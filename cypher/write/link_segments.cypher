// Industry fit: segments a vendor is best suited for (kind 'best') or to use with caution
// for (kind 'caution'). Segment nodes are shared by every vendor naming the same text.
:param rows => [{slug: 'argilla', kind: 'best', id: 'a1b2c3d4e5', text: '', position: 1}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
MERGE (s:Segment {id: row.id})
ON CREATE SET s.text = row.text
FOREACH (_ IN CASE WHEN row.kind = 'best' THEN [1] ELSE [] END |
  CREATE (v)-[:BEST_SUITED_FOR {position: row.position}]->(s))
FOREACH (_ IN CASE WHEN row.kind = 'caution' THEN [1] ELSE [] END |
  CREATE (v)-[:USE_WITH_CAUTION_FOR {position: row.position}]->(s))
