// Q7: Search vendor names, score rationales, alternative rationales, risks and mitigations
// with one full-text query ($query, Lucene syntax, escaped by the API), ranked by relevance,
// each hit saying which field matched and which vendor it belongs to. Rationales of earlier
// evaluation versions are skipped (current ones only), and so are retired vendors (kb seed
// --prune). At most $first hits.
:param {query: 'abac', first: 20}
CALL () {
  CALL db.index.fulltext.queryNodes('vendorNames', $query, {limit: $first}) YIELD node, score
  WHERE NOT coalesce(node.retired, false)
  RETURN 'VENDOR_NAME' AS field, score, node AS vendor, node.name AS text, null AS dimension
  UNION ALL
  CALL db.index.fulltext.queryNodes('riskTexts', $query, {limit: $first}) YIELD node, score
  MATCH (vendor:Vendor)-[:HAS_RISK]->(node)
  WHERE NOT coalesce(vendor.retired, false)
  RETURN 'RISK' AS field, score, vendor, node.text AS text, null AS dimension
  UNION ALL
  CALL db.index.fulltext.queryNodes('mitigationTexts', $query, {limit: $first})
  YIELD node, score
  MATCH (node)-[:MITIGATES]->(:Risk)<-[:HAS_RISK]-(vendor:Vendor)
  WHERE NOT coalesce(vendor.retired, false)
  RETURN 'MITIGATION' AS field, score, vendor, node.text AS text, null AS dimension
  UNION ALL
  CALL db.index.fulltext.queryRelationships('scoreRationales', $query, {limit: $first * 4})
  YIELD relationship, score
  MATCH (e:Evaluation)-[relationship]->(d:Dimension)
  WHERE e.latest
  MATCH (vendor:Vendor)-[:LATEST]->(e)
  WHERE NOT coalesce(vendor.retired, false)
  RETURN 'SCORE_RATIONALE' AS field, score, vendor, relationship.rationale AS text,
         d.key AS dimension
  UNION ALL
  CALL db.index.fulltext.queryRelationships('alternativeRationales', $query, {limit: $first})
  YIELD relationship, score
  MATCH (vendor:Vendor)-[relationship]->(other:Vendor)
  WHERE NOT coalesce(vendor.retired, false)
  RETURN 'ALTERNATIVE_RATIONALE' AS field, score, vendor, relationship.rationale AS text,
         other.slug AS dimension
}
WITH field, score, vendor, text, dimension
ORDER BY score DESC, vendor.name, field
LIMIT $first
RETURN field, score, text, dimension AS detail,
       vendor {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal} AS vendor
