// Explore: risks with their mitigations, the layers each mitigation applies at, and the
// vendors evaluated in those layers (the tools that could carry the mitigation out).
:param severity => 'medium'
MATCH p = (:Vendor)-[:HAS_RISK]->(r:Risk)<-[:MITIGATES]-(m:Mitigation)
WHERE $severity IS NULL OR r.severity = $severity
OPTIONAL MATCH q = (m)-[:APPLIES_AT]->(:Layer)<-[:IN_LAYER]-(tool:Vendor {retired: false})
RETURN p, q
LIMIT 300
