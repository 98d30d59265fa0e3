// Q4: Vendors filtered by layer, category, minimum INPACT/GOALS totals, minimum scores on any
// dimensions, a certification held, a best-suited-for segment, evaluated or stub; sorted by
// name (case-insensitive, ascending only), a total or a dimension score ($sortProperty,
// allow-listed by the API), unscored last; one page of $first after $offset, and the total.
// One pass: the candidates come from the layer index when a layer is given (else every
// vendor), the filters run once, the total is the size of the matching references, and only
// the page is sorted out (top-k) and projected.
:param {layer: 'L5', category: null, minInpact: null, minGoals: null, minScores: [], certification: null, segment: null, evaluated: null, sortProperty: 'inpactTotal', descending: true, offset: 0, first: 20}
CALL () {
  MATCH (v:Vendor) WHERE v.layer = $layer RETURN v
  UNION ALL
  MATCH (v:Vendor) WHERE $layer IS NULL RETURN v
}
WITH v
WHERE NOT coalesce(v.retired, false)
  AND ($category IS NULL OR toLower(v.category) = toLower($category))
  AND ($minInpact IS NULL OR v.inpactTotal >= $minInpact)
  AND ($minGoals IS NULL OR v.goalsTotal >= $minGoals)
  AND all(s IN $minScores WHERE v[s.property] >= s.min)
  AND ($evaluated IS NULL OR v.evaluated = $evaluated)
  AND ($certification IS NULL
       OR EXISTS { (v)-[:HOLDS_CERTIFICATION]->(:Certification {id: $certification}) })
  AND ($segment IS NULL
       OR EXISTS { (v)-[:BEST_SUITED_FOR]->(s:Segment)
                   WHERE toLower(s.text) CONTAINS toLower($segment) })
WITH collect(v) AS matched
CALL (matched) {
  UNWIND matched AS v
  WITH v, CASE $sortProperty WHEN 'name' THEN toLower(v.name) ELSE v[$sortProperty] END AS key
  ORDER BY key IS NULL,
           CASE WHEN $descending THEN -key END,
           CASE WHEN $descending THEN null ELSE key END,
           toLower(v.name), v.slug
  SKIP $offset LIMIT $first + 1
  RETURN collect(v {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal})
         AS vendors
}
RETURN size(matched) AS totalCount, vendors
