// One SCORED relationship per dimension an evaluation version scored.
:param rows => [{evaluation: 'argilla@1', dimension: 'INPACT.P', score: 2, max: 6, rationale: ''}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (e:Evaluation {id: row.evaluation})
MATCH (d:Dimension {key: row.dimension})
CREATE (e)-[:SCORED {score: row.score, max: row.max, rationale: row.rationale}]->(d)
