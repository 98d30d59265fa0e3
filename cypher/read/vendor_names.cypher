// Every evaluated, current vendor's slug and name: what `kb stack` suggests a mistyped slug
// from.
:param limit => 100000
MATCH (v:Vendor)
WHERE v.evaluated AND NOT coalesce(v.retired, false)
RETURN v.slug AS slug, v.name AS name
LIMIT $limit
