// Every evaluated, not yet retired vendor and its file (kb seed --prune decides from this).
:param limit => 1000000
MATCH (v:Vendor)
WHERE v.evaluated = true AND v.retired = false
RETURN v.slug AS slug, v.name AS name, v.sourceFile AS sourceFile
ORDER BY slug
LIMIT $limit
