// Earlier versions restored from an export's history (never the latest).
:param rows => [{slug: 'argilla', id: 'argilla@1', props: {vendorSlug: 'argilla', version: 1}}]
CYPHER replan=skip
UNWIND $rows AS row
MERGE (v:Vendor {slug: row.slug})
ON CREATE SET v.name = row.name, v.evaluated = false, v.retired = false
CREATE (e:Evaluation {id: row.id})
SET e += row.props, e.latest = false
CREATE (e)-[:EVALUATES]->(v)
