// Vendors whose evaluation is unchanged but whose file moved, changed only in bytes (a
// comment), or came back after --prune.
:param rows => [{slug: 'argilla', sourceFile: 'seeds/evaluations/argilla.txt', fileHash: ''}]
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
SET v.sourceFile = row.sourceFile, v.fileHash = row.fileHash, v.retired = false
