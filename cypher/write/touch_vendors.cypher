// Vendors whose evaluation is unchanged but whose file moved or came back after --prune.
:param rows => [{slug: 'argilla', sourceFile: 'seeds/evaluations/argilla.txt'}]
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
SET v.sourceFile = row.sourceFile, v.retired = false
