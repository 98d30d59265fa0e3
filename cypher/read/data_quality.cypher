// Q8: Data quality: latest evaluations whose declared INPACT or GOALS total disagrees with the
// sum of their dimension scores; stub vendors (known only from links); latest evaluations
// dated more than $olderThanDays days before $today (null: the server's date). Each list is bounded by $maxItems.
:param {olderThanDays: 100, today: null, maxItems: 100}
RETURN COLLECT {
         MATCH (v:Vendor)-[:LATEST]->(e:Evaluation)
         WHERE NOT coalesce(v.retired, false)
           AND ((e.inpactDeclared IS NOT NULL AND e.inpactComputed IS NOT NULL
                 AND e.inpactDeclared <> e.inpactComputed)
             OR (e.goalsDeclared IS NOT NULL AND e.goalsComputed IS NOT NULL
                 AND e.goalsDeclared <> e.goalsComputed))
         RETURN {vendor: v {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal},
                 evaluationId: e.id, version: e.version,
                 inpactDeclared: e.inpactDeclared, inpactComputed: e.inpactComputed,
                 goalsDeclared: e.goalsDeclared, goalsComputed: e.goalsComputed}
         ORDER BY v.name LIMIT $maxItems
       } AS totalMismatches,
       COUNT { MATCH (v:Vendor) WHERE v.evaluated = false } AS stubCount,
       COLLECT {
         MATCH (v:Vendor) WHERE v.evaluated = false
         RETURN v {.slug, .name,
                   linkedFrom: COLLECT { MATCH (o:Vendor)-[:ALTERNATIVE_TO|MITIGATES]->(v)
                                         RETURN DISTINCT o.slug ORDER BY o.slug LIMIT 20 }}
                AS stub
         ORDER BY v.name LIMIT $maxItems
       } AS stubs,
       COLLECT {
         MATCH (v:Vendor)-[:LATEST]->(e:Evaluation)
         WHERE NOT coalesce(v.retired, false) AND e.evaluatedAt IS NOT NULL
           AND e.evaluatedAt < coalesce(date($today), date()) - duration({days: $olderThanDays})
         RETURN {vendor: v {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal},
                 evaluationId: e.id,
                 evaluatedAt: e.evaluatedAt,
                 ageDays: duration.inDays(e.evaluatedAt, coalesce(date($today), date())).days}
         ORDER BY e.evaluatedAt, v.name LIMIT $maxItems
       } AS stale
