// Stack Builder and Vendor Advisor: for a stack of picks (layer, vendor slug), each picked
// vendor with its totals, risks (mitigation text, the layers it applies at, the vendors
// declared to mitigate it), flows (upstream: consumes from; downstream: feeds) and
// alternatives; and for each layer asked, its vendors ranked against a profile: the fewest
// points short of the thresholds first (passing ones are 0 short), then INPACT and GOALS
// compared on their framework's scale. $stack.inpact and $stack.goals carry the scale rule of
// seeds/framework.yaml: a declared total on a relabelled maximum is compared as is, any other
// maximum rescaled (kb.profiles applies the same rule to grade the rows).
// Lists travel inside map parameters: Neo4j plans a query again for each size class
// of a list parameter, not of a list inside a map.
:param {stack: {picks: [{layer: 'L7', slug: 'argilla'}, {layer: 'L5', slug: 'cerbos'}], layers: ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'], inpact: {minimum: 28, max: 36, relabel: [], rescale: true}, goals: {minimum: 20, max: 25, relabel: [30], rescale: true}, dimensionMinima: []}, constraints: {exclude: [], categories: null, certifications: []}, perLayer: 5, maxItems: 20}
RETURN
  COLLECT {
    UNWIND range(0, size($stack.picks) - 1) AS i
    OPTIONAL MATCH (v:Vendor {slug: $stack.picks[i].slug})
    RETURN {
      position: i,
      vendor: v {.slug, .name, .layer, .category, .evaluated, .retired,
                 .inpactDeclared, .inpactDeclaredMax, .inpactComputed, .inpactComputedMax,
                 .goalsDeclared, .goalsDeclaredMax, .goalsComputed, .goalsComputedMax,
                 dimensions: [d IN $stack.dimensionMinima | v[d.property]]},
      // Every risk (an evaluation holds at most 200): a cut here could drop a high one.
      risks: [(v)-[:HAS_RISK]->(r:Risk) | r {.id, .text, .severity, .position,
        mitigation: [(m:Mitigation)-[:MITIGATES]->(r) | m.text][0],
        mitigationLayers: [(x:Layer)<-[:APPLIES_AT]-(:Mitigation)-[:MITIGATES]->(r) | x.id],
        declaredLayers: [(x:Layer)-[:MITIGATES]->(r) | x.id],
        declaredVendors: [(x:Vendor)-[:MITIGATES]->(r) | x.slug][..$maxItems]}],
      flows: [(v)-[f:CONSUMES_FROM|FEEDS]->(x:Layer) |
               {layer: x.id, what: f.what, position: f.position,
                direction: CASE type(f) WHEN 'FEEDS' THEN 'downstream' ELSE 'upstream' END}
              ][..$maxItems],
      alternatives: [(v)-[a:ALTERNATIVE_TO]->(alt:Vendor)
                     WHERE alt.evaluated AND NOT coalesce(alt.retired, false) |
                     {rationale: a.rationale, position: a.position,
                      vendor: alt {.slug, .name, .layer, .category, .evaluated, .retired,
                                   .inpactDeclared, .inpactDeclaredMax, .inpactComputed,
                                   .inpactComputedMax, .goalsDeclared, .goalsDeclaredMax,
                                   .goalsComputed, .goalsComputedMax,
                                   dimensions: [d IN $stack.dimensionMinima | alt[d.property]]}}][..$maxItems]
    } AS pick
    ORDER BY i
  } AS picks,
  COLLECT {
    UNWIND $stack.layers AS layerId
    MATCH (l:Layer {id: layerId})
    // The vendors that can rank first without reading the whole layer (range index seeks):
    // INPACT at or above its minimum as stated, or stated on another maximum than the
    // framework's (whatever the scale rule makes of it). When enough of them pass every
    // threshold, no other vendor of the layer can outrank them: the rest are short of INPACT.
    WITH l, COLLECT {
        MATCH (v:Vendor) WHERE v.layer = l.id AND v.inpactTotal >= $stack.inpact.minimum
        RETURN v
      UNION
        MATCH (v:Vendor) WHERE v.layer = l.id AND v.inpactDeclaredMax < $stack.inpact.max
        RETURN v
      UNION
        MATCH (v:Vendor) WHERE v.layer = l.id AND v.inpactDeclaredMax > $stack.inpact.max
        RETURN v
      UNION
        MATCH (v:Vendor) WHERE v.layer = l.id AND v.inpactComputedMax < $stack.inpact.max
        RETURN v
      UNION
        MATCH (v:Vendor) WHERE v.layer = l.id AND v.inpactComputedMax > $stack.inpact.max
        RETURN v
    } AS likely
    // Kept by the constraints and passing on the framework's own scales (a lower bound).
    WITH l, [v IN likely WHERE v.evaluated AND NOT coalesce(v.retired, false)
          AND (size($constraints.exclude) = 0 OR NOT v.slug IN $constraints.exclude)
          AND ($constraints.categories IS NULL OR toLower(v.category) IN $constraints.categories)
          AND (size($constraints.certifications) = 0
               OR all(c IN $constraints.certifications
                      WHERE EXISTS { (v)-[:HOLDS_CERTIFICATION]->(:Certification {id: c}) }))
        ] AS likely
    WITH l, likely,
         size([v IN likely
               WHERE v.inpactTotal >= $stack.inpact.minimum
                 AND CASE WHEN v.inpactDeclared IS NOT NULL
                          THEN v.inpactDeclaredMax IN [$stack.inpact.max] + $stack.inpact.relabel
                          ELSE v.inpactComputedMax = $stack.inpact.max END
                 AND ($stack.goals.minimum IS NULL
                      OR v.goalsTotal >= $stack.goals.minimum
                         AND CASE WHEN v.goalsDeclared IS NOT NULL
                                  THEN v.goalsDeclaredMax IN [$stack.goals.max] + $stack.goals.relabel
                                  ELSE v.goalsComputedMax = $stack.goals.max END)
                 AND all(d IN $stack.dimensionMinima WHERE v[d.property] >= d.minimum)
              ]) >= $perLayer AS enough
    RETURN {
      layer: l.id,
      candidates: COLLECT {
        UNWIND CASE WHEN enough THEN likely
                    ELSE COLLECT { MATCH (v:Vendor)-[:IN_LAYER]->(l) RETURN v } END AS v
        WITH v
        WHERE v.evaluated AND NOT coalesce(v.retired, false)
          AND (size($constraints.exclude) = 0 OR NOT v.slug IN $constraints.exclude)
          AND ($constraints.categories IS NULL OR toLower(v.category) IN $constraints.categories)
          AND (size($constraints.certifications) = 0
               OR all(c IN $constraints.certifications
                      WHERE EXISTS { (v)-[:HOLDS_CERTIFICATION]->(:Certification {id: c}) }))
        // Each total as compared with its threshold (the scale rule, see the header).
        WITH v,
             CASE WHEN v.inpactDeclared IS NOT NULL THEN v.inpactDeclaredMax
                  ELSE v.inpactComputedMax END AS inpactMax,
             CASE WHEN v.goalsDeclared IS NOT NULL THEN v.goalsDeclaredMax
                  ELSE v.goalsComputedMax END AS goalsMax
        WITH v,
             CASE WHEN v.inpactTotal IS NULL THEN null
                  WHEN inpactMax IS NULL OR inpactMax = $stack.inpact.max
                       OR (v.inpactDeclared IS NOT NULL AND inpactMax IN $stack.inpact.relabel)
                  THEN toFloat(v.inpactTotal)
                  WHEN $stack.inpact.rescale
                  THEN toFloat(v.inpactTotal) * $stack.inpact.max / inpactMax
                  ELSE null END AS inpact,
             CASE WHEN v.goalsTotal IS NULL THEN null
                  WHEN goalsMax IS NULL OR goalsMax = $stack.goals.max
                       OR (v.goalsDeclared IS NOT NULL AND goalsMax IN $stack.goals.relabel)
                  THEN toFloat(v.goalsTotal)
                  WHEN $stack.goals.rescale
                  THEN toFloat(v.goalsTotal) * $stack.goals.max / goalsMax
                  ELSE null END AS goals
        // Points short of the thresholds (an unscored total is short by the whole minimum).
        WITH v, inpact, goals,
             CASE WHEN $stack.inpact.minimum IS NULL THEN 0.0
                  WHEN inpact IS NULL THEN toFloat($stack.inpact.minimum)
                  WHEN inpact < $stack.inpact.minimum THEN $stack.inpact.minimum - inpact
                  ELSE 0.0 END
             + CASE WHEN $stack.goals.minimum IS NULL THEN 0.0
                    WHEN goals IS NULL THEN toFloat($stack.goals.minimum)
                    WHEN goals < $stack.goals.minimum THEN $stack.goals.minimum - goals
                    ELSE 0.0 END
             + reduce(short = 0.0, d IN $stack.dimensionMinima |
               short + CASE WHEN v[d.property] IS NULL THEN toFloat(d.minimum)
                            WHEN v[d.property] < d.minimum THEN toFloat(d.minimum - v[d.property])
                            ELSE 0.0 END) AS shortfall
        // Sorted and cut before the projection, so that only the kept vendors are read.
        WITH v ORDER BY shortfall, coalesce(inpact, -1.0) DESC, coalesce(goals, -1.0) DESC,
                        v.name, v.slug
        LIMIT $perLayer
        RETURN v {.slug, .name, .layer, .category, .evaluated, .retired,
                  .inpactDeclared, .inpactDeclaredMax, .inpactComputed, .inpactComputedMax,
                  .goalsDeclared, .goalsDeclaredMax, .goalsComputed, .goalsComputedMax,
                  dimensions: [d IN $stack.dimensionMinima | v[d.property]]}
      }
    } AS layer
    ORDER BY l.position
  } AS layers
