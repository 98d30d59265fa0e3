// Q4: Vendors filtered by layer, category, minimum INPACT/GOALS totals, minimum scores on any
// dimensions, a certification held, a best-suited-for segment, evaluated or stub; sorted by
// name (case-insensitive, ascending only), a total or a dimension score ($sortProperty,
// allow-listed by the API), unscored last, ties by name then slug; one page of $first after
// $offset, and the total.
// Two parts, each planned once; the parameters choose which one runs:
// - INDEXED (no filter but the layer; sorted by a total or a dimension): the page is read from
//   the sort property's range index in order and stops after it (PartialTop breaks the ties);
//   the total comes from the Vendor count store or the layer index less the retired vendors
//   (from their index), so no node is loaded but the page's. A property name cannot be a
//   parameter and `v[$p]` defeats the index, so `ranked.inpactTotal` stands for the sort
//   property: the API puts the allow-listed $sortProperty in its place
//   (kb.graph.queries.sorted_by); as written here it sorts by the INPACT total.
//   A guard in front of a CALL keeps a branch that does not apply from running at all.
// - FILTERED (anything else): one pass; candidates from the layer index when a layer is given
//   (else every vendor), the filters run once, the total is the size of the matches, and only
//   the page is sorted out (top-k) and projected.
// Optional values travel in one map: Neo4j plans a query once per parameter types, and
// null is a type of its own, so separate nullable parameters made each new combination
// of given and missing values a new plan (0.5-1.2 s each on a 10,000-vendor graph).
:param {filter: {layer: 'L5', category: null, minInpact: null, minGoals: null, minScores: [], certification: null, segment: null, evaluated: null}, sortProperty: 'inpactTotal', descending: true, offset: 0, first: 20}
WITH $sortProperty <> 'name' AND $filter.category IS NULL AND $filter.minInpact IS NULL
     AND $filter.minGoals IS NULL AND size($filter.minScores) = 0 AND $filter.certification IS NULL
     AND $filter.segment IS NULL AND $filter.evaluated IS NULL AS indexed
CALL (indexed) {
  WITH indexed WHERE indexed
  // The total from counts alone (retired is true or absent).
  CALL () {
    MATCH (v:Vendor) RETURN count(v) AS vendors
  }
  CALL () {
    MATCH (v:Vendor) WHERE v.layer = $filter.layer RETURN count(v) AS inLayer
  }
  CALL () {
    MATCH (v:Vendor) WHERE v.retired = true AND ($filter.layer IS NULL OR v.layer = $filter.layer)
    RETURN count(v) AS retired
  }
  WITH CASE WHEN $filter.layer IS NULL THEN vendors ELSE inLayer END - retired AS totalCount
  // The scored vendors of the page, in index order, in the direction asked (none: one null).
  OPTIONAL CALL (totalCount) {
    WITH totalCount WHERE $descending
    CALL () {
      MATCH (ranked:Vendor)
      WHERE ranked.inpactTotal IS NOT NULL
        AND ($filter.layer IS NULL OR ranked.layer = $filter.layer) AND NOT coalesce(ranked.retired, false)
      WITH ranked ORDER BY ranked.inpactTotal DESC, toLower(ranked.name), ranked.slug
      SKIP $offset LIMIT $first + 1
      RETURN ranked
    }
    RETURN ranked
    UNION ALL
    WITH totalCount WHERE NOT $descending
    CALL () {
      MATCH (ranked:Vendor)
      WHERE ranked.inpactTotal IS NOT NULL
        AND ($filter.layer IS NULL OR ranked.layer = $filter.layer) AND NOT coalesce(ranked.retired, false)
      WITH ranked ORDER BY ranked.inpactTotal ASC, toLower(ranked.name), ranked.slug
      SKIP $offset LIMIT $first + 1
      RETURN ranked
    }
    RETURN ranked
  }
  WITH totalCount, collect(ranked) AS scored
  // The scored ran out within this page: the unscored follow, by name.
  OPTIONAL CALL (scored) {
    WITH scored WHERE size(scored) <= $first
    CALL () {
      MATCH (ranked:Vendor)
      WHERE ranked.inpactTotal IS NULL
        AND ($filter.layer IS NULL OR ranked.layer = $filter.layer) AND NOT coalesce(ranked.retired, false)
      WITH ranked ORDER BY toLower(ranked.name), ranked.slug
      RETURN collect(ranked) AS unscored
    }
    RETURN unscored
  }
  // Where this page starts among the unscored: 0 after scored ones, else past the skipped.
  WITH totalCount, scored, coalesce(unscored, []) AS unscored
  WITH totalCount, scored, unscored,
       CASE WHEN size(scored) > 0 THEN 0
            ELSE $offset - (totalCount - size(unscored)) END AS start
  RETURN totalCount,
         [x IN scored + unscored[start..start + $first + 1 - size(scored)]
          | x {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal}] AS vendors
  UNION ALL
  WITH indexed WHERE NOT indexed
  CALL () {
    CALL () {
      MATCH (v:Vendor) WHERE v.layer = $filter.layer RETURN v
      UNION ALL
      MATCH (v:Vendor) WHERE $filter.layer IS NULL RETURN v
    }
    WITH v
    WHERE NOT coalesce(v.retired, false)
      AND ($filter.category IS NULL OR toLower(v.category) = toLower($filter.category))
      AND ($filter.minInpact IS NULL OR v.inpactTotal >= $filter.minInpact)
      AND ($filter.minGoals IS NULL OR v.goalsTotal >= $filter.minGoals)
      AND all(s IN $filter.minScores WHERE v[s.property] >= s.min)
      AND ($filter.evaluated IS NULL OR v.evaluated = $filter.evaluated)
      AND ($filter.certification IS NULL
           OR EXISTS { (v)-[:HOLDS_CERTIFICATION]->(:Certification {id: $filter.certification}) })
      AND ($filter.segment IS NULL
           OR EXISTS { (v)-[:BEST_SUITED_FOR]->(s:Segment)
                       WHERE toLower(s.text) CONTAINS toLower($filter.segment) })
    RETURN collect(v) AS matched
  }
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
}
RETURN totalCount, vendors
