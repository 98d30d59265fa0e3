// Every stored evaluation version of the given vendors (oldest first) with the document it was
// written from: what kb export turns back into canonical YAML.
:param slugs => ['argilla']
UNWIND $slugs AS slug
MATCH (e:Evaluation {vendorSlug: slug})
RETURN slug, e.version AS version, e.latest AS latest, e.ingestedAt AS ingestedAt,
       e.document AS document
ORDER BY slug, version
