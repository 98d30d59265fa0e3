// Reference data: the seven layers from seeds/framework.yaml and their stack order
// (L1)-[:SUPPORTS]->(L2) ... (L6)-[:SUPPORTS]->(L7).
:param layers => [{id: 'L1', name: 'Multi-Modal Storage', aliases: ['Storage'], position: 1, description: ''}]
CYPHER replan=skip
UNWIND $layers AS row
MERGE (l:Layer {id: row.id})
SET l.name = row.name, l.aliases = row.aliases, l.position = row.position,
    l.description = row.description
WITH l, row
OPTIONAL MATCH (below:Layer {position: row.position - 1})
FOREACH (_ IN CASE WHEN below IS NULL THEN [] ELSE [1] END |
  MERGE (below)-[:SUPPORTS]->(l))
