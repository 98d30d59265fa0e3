// New evaluation versions: the previous latest loses the LATEST link and the flag.
:param rows => [{slug: 'argilla', id: 'argilla@1', props: {vendorSlug: 'argilla', version: 1}}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
OPTIONAL MATCH (v)-[old:LATEST]->(previous:Evaluation)
SET previous.latest = false
DELETE old
CREATE (e:Evaluation {id: row.id})
SET e += row.props, e.latest = true
CREATE (v)-[:LATEST]->(e), (e)-[:EVALUATES]->(v)
