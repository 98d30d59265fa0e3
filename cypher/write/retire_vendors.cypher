// kb seed --prune: mark vendors whose evaluation file is gone as retired.
:param slugs => ['argilla']
CYPHER replan=skip
UNWIND $slugs AS slug
MATCH (v:Vendor {slug: slug})
SET v.retired = true
