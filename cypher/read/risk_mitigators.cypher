// Q1: Which tools mitigate a risk (given by id, or by free text through the riskTexts full-text
// index), optionally only tools in one layer? Each tool comes with its evidence:
//   EXPLICIT  - a canonical file links the vendor (or its layer) to the risk (MITIGATES);
//   LAYER     - the risk's mitigation applies at the tool's layer (Mitigation-APPLIES_AT->Layer);
//   DIMENSION - the risk's text maps to dimensions ($rules, from seeds/risk_taxonomy.yaml) and
//               the tool's latest score on every one of them is at least $threshold.
// Tools are ranked by their strongest evidence, then INPACT and GOALS totals, then name. The
// vendor that owns the risk is never its own mitigator; retired vendors are left out.
:param {riskId: null, riskQuery: 'abac access', maxRisks: 3, layer: null, first: 20, threshold: 4, rules: [{name: 'access control', terms: ['abac', 'access'], dimensions: ['INPACT.P', 'GOALS.G'], properties: ['scoreInpactP', 'scoreGoalsG']}]}
CALL () {
  MATCH (r:Risk {id: $riskId})
  RETURN r, 1.0 AS matchScore
  UNION ALL
  WITH $riskQuery AS riskQuery WHERE riskQuery IS NOT NULL
  CALL db.index.fulltext.queryNodes('riskTexts', riskQuery, {limit: $maxRisks})
  YIELD node, score
  RETURN node AS r, score AS matchScore
}
WITH r, matchScore ORDER BY matchScore DESC, r.id LIMIT $maxRisks
OPTIONAL MATCH (owner:Vendor)-[:HAS_RISK]->(r)
OPTIONAL MATCH (m:Mitigation)-[:MITIGATES]->(r)
WITH r, matchScore, owner, m,
     toLower(coalesce(r.text, '')) AS wording
WITH r, matchScore, owner, m,
     [rule IN $rules WHERE any(term IN rule.terms WHERE wording CONTAINS term)] AS matchedRules
WITH r, matchScore, owner, m, matchedRules,
     reduce(acc = [], rule IN matchedRules |
       acc + [p IN rule.properties WHERE NOT p IN acc]) AS properties
CALL (r, owner, m, matchedRules, properties) {
  CALL (r, m, matchedRules, properties) {
    MATCH (v:Vendor)-[link:MITIGATES]->(r)
    RETURN v, {kind: 'EXPLICIT', rank: 3, quote: coalesce(link.note, ''),
               declaredBy: link.declaredBy, layer: null} AS evidence
    UNION ALL
    MATCH (l:Layer)-[link:MITIGATES]->(r), (v:Vendor)-[:IN_LAYER]->(l)
    RETURN v, {kind: 'EXPLICIT', rank: 3, quote: 'mitigated at ' + l.id + ' ' + l.name,
               declaredBy: link.declaredBy, layer: l.id} AS evidence
    UNION ALL
    MATCH (m)-[:APPLIES_AT]->(l:Layer)<-[:IN_LAYER]-(v:Vendor)
    RETURN v, {kind: 'LAYER', rank: 2, quote: m.text, declaredBy: null, layer: l.id} AS evidence
    UNION ALL
    MATCH (v:Vendor)
    WHERE size(properties) > 0 AND v.evaluated
      AND all(p IN properties WHERE v[p] >= $threshold)
    RETURN v, {kind: 'DIMENSION', rank: 1,
               quote: reduce(s = '', rule IN matchedRules | s +
                 CASE WHEN s = '' THEN '' ELSE ', ' END + rule.name),
               declaredBy: null, layer: null,
               scores: [i IN range(0, size(properties) - 1) |
                 {property: properties[i], score: v[properties[i]]}]} AS evidence
  }
  WITH v, evidence
  WHERE (owner IS NULL OR v <> owner) AND NOT coalesce(v.retired, false)
    AND ($layer IS NULL OR v.layer = $layer)
  WITH v, collect(evidence) AS evidence, max(evidence.rank) AS strongest
  ORDER BY strongest DESC, v.inpactTotal DESC, v.goalsTotal DESC, v.name
  // Rank every tool, count them all, but project only the first $first.
  WITH collect({vendor: v, evidence: evidence}) AS ranked
  CALL (ranked) {
    UNWIND ranked[0..$first] AS tool
    WITH tool.vendor AS v, tool.evidence AS evidence
    RETURN collect({vendor: v {.slug, .name, .layer, .category, .evaluated, .inpactTotal,
                               .goalsTotal},
                    evidence: evidence}) AS tools
  }
  RETURN size(ranked) AS toolCount, tools
}
RETURN r {.id, .text, .severity, .vendorSlug} AS risk, matchScore,
       owner {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal} AS owner,
       m.text AS mitigation,
       [(m)-[:APPLIES_AT]->(l:Layer) | l.id] AS mitigationLayers,
       [rule IN matchedRules | rule.name] AS matchedRules,
       toolCount, tools
ORDER BY matchScore DESC, r.id
