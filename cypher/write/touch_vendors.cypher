// Vendors whose evaluation is unchanged but whose file moved, changed only in bytes (a
// comment), or came back after --prune (retired: true only from an export of a retired vendor).
:param rows => [{slug: 'argilla', sourceFile: 'seeds/evaluations/argilla.txt', fileHash: '', retired: false}]
CYPHER replan=skip
UNWIND $rows AS row
MATCH (v:Vendor {slug: row.slug})
SET v.sourceFile = row.sourceFile, v.fileHash = row.fileHash, v.retired = row.retired
