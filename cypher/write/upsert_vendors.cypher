// Vendors evaluated by the files being written: create or fill in (a stub becomes full), set
// the current descriptive facts and the latest totals and scores, link the layer.
:param rows => [{slug: 'argilla', layer: 'L7', props: {name: 'Argilla', evaluated: true, retired: false}}]
CYPHER replan=skip
UNWIND $rows AS row
MERGE (v:Vendor {slug: row.slug})
SET v += row.props
WITH v, row
MATCH (l:Layer {id: row.layer})
CREATE (v)-[:IN_LAYER]->(l)
