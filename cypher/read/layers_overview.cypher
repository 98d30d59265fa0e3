// Q9: Each layer of the stack with its vendor count, average and best totals, its neighbours in
// the stack, and its top vendors (by INPACT total, then GOALS total, then name). Retired
// vendors are left out; totals are averaged as the files state them (nothing rescaled).
// One pass over each layer's vendors; only the top ones are projected.
:param {top: 3}
MATCH (l:Layer)
OPTIONAL MATCH (l)<-[:SUPPORTS]-(below:Layer)
OPTIONAL MATCH (l)-[:SUPPORTS]->(above:Layer)
CALL (l) {
  OPTIONAL MATCH (v:Vendor)-[:IN_LAYER]->(l)
  WHERE NOT coalesce(v.retired, false)
  WITH v ORDER BY v.inpactTotal DESC, v.goalsTotal DESC, v.name
  RETURN count(v) AS vendorCount,
         avg(v.inpactTotal) AS avgInpact, max(v.inpactTotal) AS bestInpact,
         avg(v.goalsTotal) AS avgGoals, max(v.goalsTotal) AS bestGoals,
         collect(v)[0..$top] AS top
}
RETURN l {.id, .name, .position, .description, .aliases} AS layer,
       below.id AS below, above.id AS above,
       vendorCount, avgInpact, bestInpact, avgGoals, bestGoals,
       [v IN top | v {.slug, .name, .layer, .category, .evaluated, .inpactTotal,
                      .goalsTotal}] AS topVendors
ORDER BY l.position
