// The vendors' current strengths, in file order.
:param rows => [{slug: 'argilla', id: 'argilla/strength/1', text: '', position: 1}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
CREATE (v)-[:HAS_STRENGTH]->(:Strength {id: row.id, vendorSlug: row.slug, text: row.text, position: row.position})
