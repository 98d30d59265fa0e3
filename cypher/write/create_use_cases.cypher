// The vendors' current use case scenarios, in file order.
:param rows => [{slug: 'argilla', id: 'argilla/use-case/1', fit: 'strong', title: '', rationale: '', position: 1}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
CREATE (v)-[:HAS_USE_CASE]->(:UseCase {id: row.id, vendorSlug: row.slug, fit: row.fit, title: row.title, rationale: row.rationale, position: row.position})
