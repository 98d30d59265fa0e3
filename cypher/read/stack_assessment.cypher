// Stack Builder and Vendor Advisor: for a stack of picks (layer, vendor slug), each picked
// vendor with its totals, risks (mitigation text, the layers it applies at, the vendors
// declared to mitigate it), flows and alternatives; and for each layer asked, its vendors
// ranked against a profile: the fewest points short of the thresholds first (passing ones
// are 0 short), then INPACT and GOALS compared on their framework's scale. $scales carries the
// scale rule of seeds/framework.yaml (kb.profiles applies the same rule to grade the rows).
:param {picks: [{layer: 'L7', slug: 'argilla'}, {layer: 'L5', slug: 'cerbos'}], layers: ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'], scales: [{framework: 'INPACT', minimum: 28, max: 36, declared: 'inpactDeclared', declaredMax: 'inpactDeclaredMax', computed: 'inpactComputed', computedMax: 'inpactComputedMax', relabel: [], rescale: true}, {framework: 'GOALS', minimum: 20, max: 25, declared: 'goalsDeclared', declaredMax: 'goalsDeclaredMax', computed: 'goalsComputed', computedMax: 'goalsComputedMax', relabel: [30], rescale: true}], dimensionMinima: [], constraints: {exclude: [], categories: null, certifications: []}, perLayer: 5, maxItems: 20}
RETURN
  COLLECT {
    UNWIND range(0, size($picks) - 1) AS i
    OPTIONAL MATCH (v:Vendor {slug: $picks[i].slug})
    RETURN {
      position: i,
      slug: $picks[i].slug,
      vendor: v {.slug, .name, .layer, .category, .evaluated, .retired,
                 .inpactDeclared, .inpactDeclaredMax, .inpactComputed, .inpactComputedMax,
                 .goalsDeclared, .goalsDeclaredMax, .goalsComputed, .goalsComputedMax,
                 dimensions: [d IN $dimensionMinima | v[d.property]]},
      risks: COLLECT {
        MATCH (v)-[:HAS_RISK]->(r:Risk)
        OPTIONAL MATCH (m:Mitigation)-[:MITIGATES]->(r)
        RETURN r {.id, .text, .severity, mitigation: m.text,
                  mitigationLayers: COLLECT { MATCH (m)-[:APPLIES_AT]->(x:Layer) RETURN x.id },
                  declaredLayers: COLLECT { MATCH (x:Layer)-[:MITIGATES]->(r) RETURN x.id },
                  declaredVendors: COLLECT {
                    MATCH (x:Vendor)-[:MITIGATES]->(r) RETURN x.slug ORDER BY x.slug LIMIT $maxItems
                  }}
        ORDER BY r.position LIMIT $maxItems
      },
      consumes: COLLECT {
        MATCH (v)-[c:CONSUMES_FROM]->(x:Layer)
        RETURN {layer: x.id, what: c.what} ORDER BY c.position LIMIT $maxItems
      },
      feeds: COLLECT {
        MATCH (v)-[f:FEEDS]->(x:Layer)
        RETURN {layer: x.id, what: f.what} ORDER BY f.position LIMIT $maxItems
      },
      alternatives: COLLECT {
        MATCH (v)-[a:ALTERNATIVE_TO]->(alt:Vendor)
        WHERE alt.evaluated AND NOT coalesce(alt.retired, false)
        RETURN {rationale: a.rationale,
                vendor: alt {.slug, .name, .layer, .category, .evaluated, .retired,
                             .inpactDeclared, .inpactDeclaredMax, .inpactComputed,
                             .inpactComputedMax, .goalsDeclared, .goalsDeclaredMax,
                             .goalsComputed, .goalsComputedMax,
                             dimensions: [d IN $dimensionMinima | alt[d.property]]}}
        ORDER BY a.position LIMIT $maxItems
      }
    } AS pick
    ORDER BY i
  } AS picks,
  COLLECT {
    UNWIND $layers AS layerId
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
        WITH v, [s IN $scales |
                 CASE WHEN v[s.declared] IS NOT NULL THEN [v[s.declared], v[s.declaredMax]]
                      ELSE [v[s.computed], v[s.computedMax]] END] AS stated
        WITH v, [i IN range(0, size($scales) - 1) |
                 CASE WHEN stated[i][0] IS NULL THEN null
                      WHEN stated[i][1] IS NULL OR stated[i][1] = $scales[i].max
                           OR stated[i][1] IN $scales[i].relabel THEN toFloat(stated[i][0])
                      WHEN $scales[i].rescale
                           THEN toFloat(stated[i][0]) * $scales[i].max / stated[i][1]
                      ELSE null END] AS compared
        WITH v, compared,
             reduce(short = 0.0, i IN range(0, size($scales) - 1) |
               short + CASE WHEN $scales[i].minimum IS NULL THEN 0.0
                            WHEN compared[i] IS NULL THEN toFloat($scales[i].minimum)
                            WHEN compared[i] < $scales[i].minimum
                                 THEN $scales[i].minimum - compared[i]
                            ELSE 0.0 END)
             + reduce(short = 0.0, d IN $dimensionMinima |
               short + CASE WHEN v[d.property] IS NULL THEN toFloat(d.minimum)
                            WHEN v[d.property] < d.minimum THEN toFloat(d.minimum - v[d.property])
                            ELSE 0.0 END) AS shortfall
        RETURN v {.slug, .name, .layer, .category, .evaluated, .retired,
                  .inpactDeclared, .inpactDeclaredMax, .inpactComputed, .inpactComputedMax,
                  .goalsDeclared, .goalsDeclaredMax, .goalsComputed, .goalsComputedMax,
                  dimensions: [d IN $dimensionMinima | v[d.property]]}
        ORDER BY shortfall, coalesce(compared[0], -1.0) DESC,
                 coalesce(compared[1], -1.0) DESC, v.name, v.slug
        LIMIT $perLayer
      }
    } AS layer
    ORDER BY l.position
  } AS layers
