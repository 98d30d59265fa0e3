// Q6: What is upstream and downstream of a vendor or a layer, to a given depth ($depth <= 4).
// Data flows from a layer to the vendors that consume from it (CONSUMES_FROM) and from a vendor
// to the layers it feeds (FEEDS); upstream is the same walk against the flow. Hops alternate
// between vendors and layers, so the walk goes breadth-first over the (at most 7) layers and
// then lists the vendors next to each layer level, nearest first, at most $maxItems per
// direction. Each node comes once, at its shortest depth, with the node before it (`viaId`:
// for a layer reached through many vendors, the first of them by slug) and what flows on that
// hop.
// Optional values travel in one map: Neo4j plans a query once per parameter types, and
// null is a type of its own, so separate nullable parameters made each new combination
// of given and missing values a new plan (0.5-1.2 s each on a 10,000-vendor graph).
:param {asked: {vendor: 'argilla', layer: null}, depth: 2, maxItems: 200}
CALL () {
  MATCH (s:Vendor {slug: $asked.vendor}) RETURN s
  UNION
  MATCH (s:Layer {id: $asked.layer}) RETURN s
}
UNWIND [{direction: 'DOWNSTREAM', toLayer: 'FEEDS', toVendor: 'CONSUMES_FROM'},
        {direction: 'UPSTREAM', toLayer: 'CONSUMES_FROM', toVendor: 'FEEDS'}] AS way
// The first layer level: the start layer itself (depth 0), or the layers a vendor flows to.
CALL (s, way) {
  OPTIONAL MATCH (s:Vendor)-[hop:FEEDS|CONSUMES_FROM]->(l:Layer) WHERE type(hop) = way.toLayer
  WITH s, l, hop ORDER BY l.position
  WITH s, [x IN collect({layer: l, via: s.slug, what: hop.what}) WHERE x.layer IS NOT NULL]
       AS fed
  RETURN CASE WHEN s:Layer THEN [{layer: s, via: null, what: null}] ELSE fed END AS level0,
         CASE WHEN s:Layer THEN 0 ELSE 1 END AS depth0
}
// Two more layer levels, each one vendor further (layer -> vendor -> layer), when $depth
// reaches them.
CALL (way, level0, depth0) {
  UNWIND CASE WHEN $depth >= depth0 + 2 THEN level0 ELSE [] END AS from
  WITH way, level0, from.layer AS a
  MATCH (a)<-[in:FEEDS|CONSUMES_FROM]-(v:Vendor)-[out:FEEDS|CONSUMES_FROM]->(b:Layer)
  WHERE type(in) = way.toVendor AND type(out) = way.toLayer AND NOT coalesce(v.retired, false)
    AND NOT b IN [x IN level0 | x.layer]
  WITH b, min(v.slug) AS via
  MATCH (b)<-[out:FEEDS|CONSUMES_FROM]-(:Vendor {slug: via}) WHERE type(out) = way.toLayer
  WITH b, via, min(out.what) AS what ORDER BY b.position
  RETURN collect({layer: b, via: via, what: what}) AS level1
}
CALL (way, level0, level1, depth0) {
  UNWIND CASE WHEN $depth >= depth0 + 4 THEN level1 ELSE [] END AS from
  WITH way, level0, level1, from.layer AS a
  MATCH (a)<-[in:FEEDS|CONSUMES_FROM]-(v:Vendor)-[out:FEEDS|CONSUMES_FROM]->(b:Layer)
  WHERE type(in) = way.toVendor AND type(out) = way.toLayer AND NOT coalesce(v.retired, false)
    AND NOT b IN [x IN level0 + level1 | x.layer]
  WITH b, min(v.slug) AS via
  MATCH (b)<-[out:FEEDS|CONSUMES_FROM]-(:Vendor {slug: via}) WHERE type(out) = way.toLayer
  WITH b, via, min(out.what) AS what ORDER BY b.position
  RETURN collect({layer: b, via: via, what: what}) AS level2
}
// The layer steps (not the start layer itself) ...
CALL (way, level0, level1, level2, depth0) {
  UNWIND [{items: level0, depth: depth0}, {items: level1, depth: depth0 + 2},
          {items: level2, depth: depth0 + 4}] AS level
  UNWIND level.items AS item
  WITH level, item WHERE level.depth >= 1 AND level.depth <= $depth
  RETURN collect({direction: way.direction, depth: level.depth, kind: 'LAYER',
                  id: item.layer.id, name: item.layer.name, viaId: item.via,
                  what: item.what, position: item.layer.position}) AS layerSteps
}
// ... and the vendors next to the first two layer levels, each at its nearest level.
CALL (s, way, level0, level1, depth0) {
  UNWIND [{items: level0, depth: depth0 + 1}, {items: level1, depth: depth0 + 3}] AS level
  WITH level WHERE level.depth <= $depth
  UNWIND level.items AS item
  WITH s, way, level, item.layer AS a
  MATCH (a)<-[in:FEEDS|CONSUMES_FROM]-(v:Vendor)
  WHERE type(in) = way.toVendor AND v <> s
    AND NOT coalesce(v.retired, false)
  WITH v, min(level.depth * 10 + a.position) AS nearest
  WITH v, nearest / 10 AS depth, 'L' + toString(nearest % 10) AS via
  ORDER BY depth, v.name LIMIT $maxItems
  MATCH (v)-[in:FEEDS|CONSUMES_FROM]->(:Layer {id: via}) WHERE type(in) = way.toVendor
  WITH v, depth, via, min(in.what) AS what ORDER BY depth, v.name
  RETURN collect({direction: way.direction, depth: depth, kind: 'VENDOR', id: v.slug,
                  name: v.name, viaId: via, what: what, position: 0}) AS vendorSteps
}
// Both directions' steps in order; a start with no flow at all still answers (no steps).
WITH s, collect(layerSteps + vendorSteps) AS byWay
CALL (byWay) {
  UNWIND byWay AS wayRows
  UNWIND wayRows AS step
  WITH step ORDER BY step.direction, step.depth, step.kind DESC, step.position, step.name
  RETURN collect(step) AS steps
}
RETURN CASE WHEN s:Vendor THEN 'VENDOR' ELSE 'LAYER' END AS kind,
       coalesce(s.slug, s.id) AS id, s.name AS name, steps
