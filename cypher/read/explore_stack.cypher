// Explore: the 7-layer stack bottom (L1) to top (L7) with the best-scored vendors of each
// layer by INPACT total.
:param perLayer => 10
MATCH stack = (:Layer {position: 1})-[:SUPPORTS*]->(:Layer {position: 7})
MATCH (l:Layer)
CALL (l) {
  MATCH member = (v:Vendor {retired: false})-[:IN_LAYER]->(l)
  RETURN member
  ORDER BY v.inpactTotal DESC
  LIMIT $perLayer
}
RETURN stack, member
