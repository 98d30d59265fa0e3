// Explore: a stack (the vendors picked, by slug) on the seven layers, with the risks of its
// vendors whose mitigation applies at a layer where the stack has no vendor: its unmitigated
// risks, each drawn to the empty layer that would carry the mitigation. (assessStack also
// grades the picks against a profile; this draws the graph's side of it.)
:param picks => ['argilla', 'postgresql', 'openai-gpt-4']
MATCH layers = (:Layer)-[:SUPPORTS]->(:Layer)
OPTIONAL MATCH stack = (v:Vendor)-[:IN_LAYER]->(:Layer)
WHERE v.slug IN $picks
OPTIONAL MATCH gap = (v)-[:HAS_RISK]->(:Risk)<-[:MITIGATES]-(:Mitigation)-[:APPLIES_AT]->(empty:Layer)
WHERE NOT EXISTS { (empty)<-[:IN_LAYER]-(p:Vendor) WHERE p.slug IN $picks }
RETURN layers, stack, gap
