// Q2: A vendor's whole evaluation: current facts, latest scores with rationales and the score
// history of every version (newest first), declared vs computed totals, strengths,
// limitations, segments, certifications held and not held, risks by severity with mitigations
// and the layers and tools that apply them (the 10 best by INPACT total, and how many there are),
// use cases, stack impact, upstream and downstream. Lists keep file order and are bounded by
// $maxItems.
:param {slug: 'argilla', maxItems: 100}
MATCH (v:Vendor {slug: $slug})
RETURN v {.slug, .name, .aliases, .evaluated, .retired, .layer, .category, .pricing, .tagline,
          .analysis, .tbiView, .role, .upstreamText, .downstreamText, .certificationsText,
          .watchFor, .pocChecklist, .sourceFile, .format, .evaluatedAt, .latestVersion,
          .inpactDeclared, .inpactDeclaredMax, .inpactComputed, .inpactComputedMax, .inpactTotal,
          .goalsDeclared, .goalsDeclaredMax, .goalsComputed, .goalsComputedMax, .goalsTotal
       } AS vendor,
       COLLECT {
         MATCH (e:Evaluation)-[:EVALUATES]->(v)
         RETURN e {.id, .version, .latest, .format, .sourceFile, .sourceUrl, .evaluatedAt,
           .ingestedAt, .layer, .category, .inpactDeclared, .inpactDeclaredMax, .inpactComputed,
           .inpactComputedMax, .goalsDeclared, .goalsDeclaredMax, .goalsComputed,
           .goalsComputedMax,
           scores: COLLECT {
             MATCH (e)-[s:SCORED]->(d:Dimension)
             RETURN {key: d.key, framework: d.framework, letter: d.letter, name: d.name,
                     score: s.score, max: s.max, rationale: s.rationale}
             ORDER BY d.framework DESC, d.position
           }} AS evaluation
         ORDER BY e.version DESC LIMIT $maxItems
       } AS evaluations,
       COLLECT {
         MATCH (v)-[:HAS_STRENGTH]->(x:Strength) RETURN x.text ORDER BY x.position LIMIT $maxItems
       } AS strengths,
       COLLECT {
         MATCH (v)-[:HAS_LIMITATION]->(x:Limitation)
         RETURN x.text ORDER BY x.position LIMIT $maxItems
       } AS limitations,
       COLLECT {
         MATCH (v)-[b:BEST_SUITED_FOR]->(x:Segment)
         RETURN x.text ORDER BY b.position LIMIT $maxItems
       } AS bestSuitedFor,
       COLLECT {
         MATCH (v)-[b:USE_WITH_CAUTION_FOR]->(x:Segment)
         RETURN x.text ORDER BY b.position LIMIT $maxItems
       } AS useWithCautionFor,
       COLLECT {
         MATCH (v)-[h:HOLDS_CERTIFICATION]->(c:Certification)
         RETURN {name: c.name, scope: h.scope} ORDER BY c.name LIMIT $maxItems
       } AS certificationsHeld,
       COLLECT {
         MATCH (v)-[h:LACKS_CERTIFICATION]->(c:Certification)
         RETURN {name: c.name, scope: h.scope} ORDER BY c.name LIMIT $maxItems
       } AS certificationsNotHeld,
       COLLECT {
         MATCH (v)-[:HAS_RISK]->(r:Risk)
         OPTIONAL MATCH (m:Mitigation)-[:MITIGATES]->(r)
         RETURN r {.id, .severity, .text, mitigation: m.text,
           layers: COLLECT { MATCH (m)-[:APPLIES_AT]->(l:Layer) RETURN l.id ORDER BY l.id },
           explicitLayers: COLLECT {
             MATCH (l:Layer)-[:MITIGATES]->(r) RETURN l.id ORDER BY l.id
           },
           tools: COLLECT {
             MATCH (t:Vendor)-[:MITIGATES]->(r)
             RETURN t {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal} AS tool
             ORDER BY t.name LIMIT $maxItems
           },
           layerToolCount: COUNT {
             MATCH (m)-[:APPLIES_AT]->(:Layer)<-[:IN_LAYER]-(t:Vendor)
             WHERE NOT coalesce(t.retired, false)
           },
           layerTools: COLLECT {
             MATCH (m)-[:APPLIES_AT]->(:Layer)<-[:IN_LAYER]-(t:Vendor)
             WHERE NOT coalesce(t.retired, false)
             RETURN t {.slug, .name, .layer, .category, .evaluated, .inpactTotal,
                       .goalsTotal} AS tool
             ORDER BY t.inpactTotal DESC, t.name LIMIT 10
           }} AS risk
         ORDER BY r.severityRank DESC, r.position LIMIT $maxItems
       } AS risks,
       COLLECT {
         MATCH (v)-[:HAS_USE_CASE]->(u:UseCase)
         RETURN u {.fit, .title, .rationale} AS useCase ORDER BY u.position LIMIT $maxItems
       } AS useCases,
       COLLECT {
         MATCH (v)-[i:IMPACTS]->(l:Layer)
         RETURN {layer: l.id, text: i.text} ORDER BY i.position LIMIT $maxItems
       } AS stackImpact,
       COLLECT {
         MATCH (v)-[f:CONSUMES_FROM]->(l:Layer)
         RETURN {layer: l.id, what: f.what} ORDER BY f.position LIMIT $maxItems
       } AS upstream,
       COLLECT {
         MATCH (v)-[f:FEEDS]->(l:Layer)
         RETURN {layer: l.id, what: f.what} ORDER BY f.position LIMIT $maxItems
       } AS downstream
