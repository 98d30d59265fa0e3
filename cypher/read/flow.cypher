// Q6: What is upstream and downstream of a vendor or a layer, to a given depth. Data flows
// from a layer to the vendors that consume from it (CONSUMES_FROM) and from a vendor to the
// layers it feeds (FEEDS), so hops alternate between vendors and layers. Each node reached
// comes once, at its shortest distance, with the hop that reached it; $depth is at most 4.
:param {vendor: 'argilla', layer: null, depth: 2, maxItems: 200}
CALL () {
  MATCH (s:Vendor {slug: $vendor}) RETURN s
  UNION
  MATCH (s:Layer {id: $layer}) RETURN s
}
CALL (s) {
  CALL (s) {
    MATCH p = ANY SHORTEST (s)((a)-[r:FEEDS|CONSUMES_FROM]-(b)
        WHERE (type(r) = 'FEEDS' AND startNode(r) = a)
           OR (type(r) = 'CONSUMES_FROM' AND endNode(r) = a)){1,4}(n)
    WHERE length(p) <= $depth AND n <> s
    RETURN 'DOWNSTREAM' AS direction, n, length(p) AS depth, nodes(p)[-2] AS via,
           relationships(p)[-1].what AS what
    UNION ALL
    MATCH p = ANY SHORTEST (s)((a)-[r:FEEDS|CONSUMES_FROM]-(b)
        WHERE (type(r) = 'CONSUMES_FROM' AND startNode(r) = a)
           OR (type(r) = 'FEEDS' AND endNode(r) = a)){1,4}(n)
    WHERE length(p) <= $depth AND n <> s
    RETURN 'UPSTREAM' AS direction, n, length(p) AS depth, nodes(p)[-2] AS via,
           relationships(p)[-1].what AS what
  }
  WITH direction, n, depth, via, what
  ORDER BY direction, depth, coalesce(n.position, 0), n.name
  LIMIT $maxItems
  RETURN collect({direction: direction, depth: depth, what: what,
                  kind: CASE WHEN n:Vendor THEN 'VENDOR' ELSE 'LAYER' END,
                  id: coalesce(n.slug, n.id), name: n.name,
                  viaId: coalesce(via.slug, via.id)}) AS steps
}
RETURN CASE WHEN s:Vendor THEN 'VENDOR' ELSE 'LAYER' END AS kind,
       coalesce(s.slug, s.id) AS id, s.name AS name, steps
