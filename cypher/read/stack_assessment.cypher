// Stack Builder and Vendor Advisor: for a stack of picks (layer, vendor slug), each picked
// vendor with its totals, risks (mitigation text, the layers it applies at, the vendors
// declared to mitigate it), flows (upstream: consumes from; downstream: feeds) and
// alternatives; and for each layer asked, its vendors ranked against a profile: the fewest
// points short of the thresholds first (passing ones are 0 short), then INPACT and GOALS
// compared on their framework's scale. $stack.scales carries the scale rule of
// seeds/framework.yaml: a declared total on a relabelled maximum is compared as is, any other
// maximum rescaled (kb.profiles applies the same rule to grade the rows).
// Lists travel inside map parameters: Neo4j plans a query again for each size class
// of a list parameter, not of a list inside a map.
:param {stack: {picks: [{layer: 'L7', slug: 'argilla'}, {layer: 'L5', slug: 'cerbos'}], layers: ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'], scales: [{framework: 'INPACT', minimum: 28, max: 36, declared: 'inpactDeclared', declaredMax: 'inpactDeclaredMax', computed: 'inpactComputed', computedMax: 'inpactComputedMax', relabel: [], rescale: true}, {framework: 'GOALS', minimum: 20, max: 25, declared: 'goalsDeclared', declaredMax: 'goalsDeclaredMax', computed: 'goalsComputed', computedMax: 'goalsComputedMax', relabel: [30], rescale: true}], dimensionMinima: []}, constraints: {exclude: [], categories: null, certifications: []}, perLayer: 5, maxItems: 20}
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
      risks: [(v)-[:HAS_RISK]->(r:Risk) | r {.id, .text, .severity, .position,
        mitigation: [(m:Mitigation)-[:MITIGATES]->(r) | m.text][0],
        mitigationLayers: [(x:Layer)<-[:APPLIES_AT]-(:Mitigation)-[:MITIGATES]->(r) | x.id],
        declaredLayers: [(x:Layer)-[:MITIGATES]->(r) | x.id],
        declaredVendors: [(x:Vendor)-[:MITIGATES]->(r) | x.slug][..$maxItems]}][..$maxItems],
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
    RETURN {
      layer: l.id,
      candidates: COLLECT {
        MATCH (v:Vendor)-[:IN_LAYER]->(l)
        WHERE v.evaluated AND NOT coalesce(v.retired, false)
          AND NOT v.slug IN $constraints.exclude
          AND ($constraints.categories IS NULL OR toLower(v.category) IN $constraints.categories)
          AND all(c IN $constraints.certifications
                  WHERE EXISTS { (v)-[:HOLDS_CERTIFICATION]->(:Certification {id: c}) })
        WITH v, [s IN $stack.scales |
                 CASE WHEN v[s.declared] IS NOT NULL
                      THEN [v[s.declared], v[s.declaredMax], true]
                      ELSE [v[s.computed], v[s.computedMax], false] END] AS stated
        WITH v, [i IN range(0, size($stack.scales) - 1) |
                 CASE WHEN stated[i][0] IS NULL THEN null
                      WHEN stated[i][1] IS NULL OR stated[i][1] = $stack.scales[i].max
                           OR (stated[i][2] AND stated[i][1] IN $stack.scales[i].relabel)
                      THEN toFloat(stated[i][0])
                      WHEN $stack.scales[i].rescale
                           THEN toFloat(stated[i][0]) * $stack.scales[i].max / stated[i][1]
                      ELSE null END] AS compared
        WITH v, compared,
             reduce(short = 0.0, i IN range(0, size($stack.scales) - 1) |
               short + CASE WHEN $stack.scales[i].minimum IS NULL THEN 0.0
                            WHEN compared[i] IS NULL THEN toFloat($stack.scales[i].minimum)
                            WHEN compared[i] < $stack.scales[i].minimum
                                 THEN $stack.scales[i].minimum - compared[i]
                            ELSE 0.0 END)
             + reduce(short = 0.0, d IN $stack.dimensionMinima |
               short + CASE WHEN v[d.property] IS NULL THEN toFloat(d.minimum)
                            WHEN v[d.property] < d.minimum THEN toFloat(d.minimum - v[d.property])
                            ELSE 0.0 END) AS shortfall
        RETURN v {.slug, .name, .layer, .category, .evaluated, .retired,
                  .inpactDeclared, .inpactDeclaredMax, .inpactComputed, .inpactComputedMax,
                  .goalsDeclared, .goalsDeclaredMax, .goalsComputed, .goalsComputedMax,
                  dimensions: [d IN $stack.dimensionMinima | v[d.property]]}
        ORDER BY shortfall, coalesce(compared[0], -1.0) DESC,
                 coalesce(compared[1], -1.0) DESC, v.name, v.slug
        LIMIT $perLayer
      }
    } AS layer
    ORDER BY l.position
  } AS layers
