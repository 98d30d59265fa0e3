// Explore: the alternatives graph — which vendors are suggested as alternatives to which,
// with the rationale on each ALTERNATIVE_TO relationship; stubs (evaluated = false) included.
:param limit => 300
MATCH p = (:Vendor)-[:ALTERNATIVE_TO]->(:Vendor)
RETURN p
LIMIT $limit
