// Q3: The alternatives to a vendor in both directions: the vendors its file suggests instead
// (outgoing ALTERNATIVE_TO) and the vendors whose files suggest it (incoming), each with the
// rationale as written; stubs (vendors known only from a link) are flagged.
:param {slug: 'argilla', maxItems: 100}
MATCH (v:Vendor {slug: $slug})
RETURN v {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal} AS vendor,
       COLLECT {
         MATCH (v)-[a:ALTERNATIVE_TO]->(o:Vendor)
         RETURN {vendor: o {.slug, .name, .layer, .category, .evaluated, .inpactTotal,
                            .goalsTotal},
                 rationale: a.rationale}
         ORDER BY a.position, o.name LIMIT $maxItems
       } AS suggested,
       COLLECT {
         MATCH (o:Vendor)-[a:ALTERNATIVE_TO]->(v)
         RETURN {vendor: o {.slug, .name, .layer, .category, .evaluated, .inpactTotal,
                            .goalsTotal},
                 rationale: a.rationale}
         ORDER BY o.name LIMIT $maxItems
       } AS suggestedBy
