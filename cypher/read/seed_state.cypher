// What the seeder needs to know about vendors before writing: every stored version with its
// content hash, which one is latest, the vendor's file and whether it is retired.
:param slugs => ['argilla', 'temporal']
UNWIND $slugs AS slug
MATCH (v:Vendor {slug: slug})
OPTIONAL MATCH (e:Evaluation {vendorSlug: slug})
WITH v, slug, e ORDER BY e.version
RETURN slug, v.evaluated AS evaluated, v.retired AS retired, v.sourceFile AS sourceFile,
       v.fileHash AS fileHash,
       collect({version: e.version, contentHash: e.contentHash, latest: e.latest}) AS versions
