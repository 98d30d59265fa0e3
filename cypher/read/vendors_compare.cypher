// Q5: Compare vendors dimension by dimension: for each slug (in the order given), its latest
// scores with rationales and its declared and computed totals. Unknown slugs come back with a
// null vendor so the API can name them. Profile thresholds are applied by the API.
:param {slugs: ['argilla', 'cerbos', 'temporal']}
UNWIND range(0, size($slugs) - 1) AS i
OPTIONAL MATCH (v:Vendor {slug: $slugs[i]})
OPTIONAL MATCH (v)-[:LATEST]->(e:Evaluation)
RETURN i AS position, $slugs[i] AS slug,
       v {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal,
          .inpactDeclared, .inpactDeclaredMax, .inpactComputed, .inpactComputedMax,
          .goalsDeclared, .goalsDeclaredMax, .goalsComputed, .goalsComputedMax} AS vendor,
       e.version AS version,
       COLLECT {
         MATCH (e)-[s:SCORED]->(d:Dimension)
         RETURN {key: d.key, score: s.score, max: s.max, rationale: s.rationale}
       } AS scores
ORDER BY position
