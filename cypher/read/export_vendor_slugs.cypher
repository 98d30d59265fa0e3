// Every evaluated vendor (retired ones included), for kb export.
:param limit => 1000000
MATCH (v:Vendor)
WHERE v.evaluated = true
RETURN v.slug AS slug, v.retired AS retired
ORDER BY slug
LIMIT $limit
