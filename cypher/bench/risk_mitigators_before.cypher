// Q1 as it stood in plan-20261207T032215Z (cypher/read/risk_mitigators.cypher then): the
// "before" that `python -m bench plan` plans next to the current Q1 in every run, so the two
// cold plans are compared on the same machine at the same time. Never run by the API.
//
// Q1: Which tools mitigate a risk (given by id, or by free text through the riskTexts full-text
// index), optionally only tools in one layer? Each tool comes with its evidence:
//   EXPLICIT  - a canonical file links the vendor (or its layer) to the risk (MITIGATES);
//   LAYER     - the risk's mitigation applies at the tool's layer (Mitigation-APPLIES_AT->Layer);
//   DIMENSION - the risk's text maps to dimensions ($rules, from seeds/risk_taxonomy.yaml) and
//               the tool's latest score on every one of them is at least $threshold.
// Tools are ranked by their strongest evidence, then INPACT total, then GOALS total (each
// descending, unscored last, as in Q4), then name (case-insensitive), then slug. The vendor
// that owns the risk is never its own mitigator; retired vendors are left out.
//
// How it stays fast on many vendors: one DIMENSION rule can qualify half of them, so no vendor
// is loaded to count or rank tools. Vendor sets come from indexes (score >= $threshold for each
// mapped property, looked up once for all the risks; retired; stubs; the asked layer) and are
// combined with `IN`, which Neo4j answers from a hash set. toolCount is the strong tools
// (EXPLICIT, LAYER: relationships) plus the DIMENSION-only ones. The page is filled group by
// group (EXPLICIT, LAYER, DIMENSION), each only for the places left: a group of up to 2 x $first
// tools is sorted; a larger one is read in inpactTotal index order (PartialTop breaks the
// ties), and its unscored members (from the unscored set, by GOALS total then name) fill the
// places left, if any: both give the same order. Evidence is built for the page only. A
// property name cannot be a parameter and `v[p]` defeats the index, so each score property has
// its own branch below (tests/unit/api/test_risk_mitigators_cypher.py checks them against
// kb.graph.rows.SCORE_PROPERTIES).
// Optional values travel in one map: Neo4j plans a query once per parameter types, and
// null is a type of its own, so separate nullable parameters made each new combination
// of given and missing values a new plan (0.5-1.2 s each on a 10,000-vendor graph).
:param {asked: {riskId: null, riskQuery: 'abac access', layer: null}, maxRisks: 3, first: 20, threshold: 4, rules: [{name: 'access control', terms: ['abac', 'access'], dimensions: ['INPACT.P', 'GOALS.G'], properties: ['scoreInpactP', 'scoreGoalsG']}]}
CALL () {
  MATCH (r:Risk {id: $asked.riskId})
  RETURN r, 1.0 AS matchScore
  UNION ALL
  WITH $asked.riskQuery AS riskQuery WHERE riskQuery IS NOT NULL
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
// One row from here on, so that what the risks share is looked up once.
WITH collect({r: r, matchScore: matchScore, owner: owner, m: m, matchedRules: matchedRules,
              properties: properties}) AS risks
WHERE size(risks) > 0
// The filters as vendor sets, from indexes: `NOT v IN retired` is NOT coalesce(v.retired,
// false), `v IN inLayer` is v.layer = $asked.layer, `NOT v IN notEvaluated` is v.evaluated. Every
// writer sets `evaluated` and only evaluated vendors get totals, so the vendors not evaluated
// are normally the stubs (evaluated = false), and the unscored ones (no inpactTotal) are among
// them: index counts check both, and a scan answers whenever that does not hold.
CALL () {
  MATCH (v:Vendor) RETURN count(v) AS vendors
}
CALL () {
  MATCH (v:Vendor) WHERE v.retired = true RETURN collect(v) AS retired
}
CALL () {
  MATCH (v:Vendor) WHERE v.layer = $asked.layer RETURN collect(v) AS inLayer
}
CALL () {
  MATCH (v:Vendor) WHERE v.evaluated = false RETURN collect(v) AS stubs
}
CALL () {
  MATCH (v:Vendor) WHERE v.evaluated = true RETURN count(v) AS evaluatedCount
}
CALL () {
  MATCH (v:Vendor) WHERE v.inpactTotal IS NOT NULL RETURN count(v) AS scored
}
CALL (vendors, stubs, evaluatedCount) {
  WITH stubs WHERE evaluatedCount + size(stubs) = vendors
  RETURN stubs AS notEvaluated
  UNION ALL
  WITH stubs WHERE evaluatedCount + size(stubs) <> vendors
  CALL () {
    MATCH (v:Vendor) WHERE NOT coalesce(v.evaluated = true, false)
    RETURN collect(v) AS notEvaluated
  }
  RETURN notEvaluated
}
CALL (vendors, stubs, scored) {
  WITH [v IN stubs WHERE v.inpactTotal IS NULL] AS unscored
  WHERE scored + size(unscored) = vendors
  RETURN unscored
  UNION ALL
  WITH [v IN stubs WHERE v.inpactTotal IS NULL] AS stubsUnscored
  WHERE scored + size(stubsUnscored) <> vendors
  CALL () {
    MATCH (v:Vendor) WHERE v.inpactTotal IS NULL RETURN collect(v) AS unscored
  }
  RETURN unscored
}
// For each score property the risks map to, the vendors scoring at least $threshold on it.
CALL (risks) {
  UNWIND risks AS risk
  UNWIND risk.properties AS p
  WITH DISTINCT p
  CALL (p) {
    WITH p WHERE p = 'scoreInpactI'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreInpactI >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreInpactN'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreInpactN >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreInpactP'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreInpactP >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreInpactA'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreInpactA >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreInpactC'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreInpactC >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreInpactT'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreInpactT >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreGoalsG'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreGoalsG >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreGoalsO'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreGoalsO >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreGoalsA'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreGoalsA >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreGoalsL'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreGoalsL >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    WITH p WHERE p = 'scoreGoalsS'
    CALL () {
      MATCH (v:Vendor) WHERE v.scoreGoalsS >= $threshold RETURN collect(v) AS qualifying
    }
    RETURN qualifying
    UNION ALL
    // Any other property (none today): same answer, without an index.
    WITH p WHERE NOT p IN ['scoreInpactI', 'scoreInpactN', 'scoreInpactP', 'scoreInpactA',
                           'scoreInpactC', 'scoreInpactT', 'scoreGoalsG', 'scoreGoalsO',
                           'scoreGoalsA', 'scoreGoalsL', 'scoreGoalsS']
    CALL (p) { MATCH (v:Vendor) WHERE v[p] >= $threshold RETURN collect(v) AS qualifying }
    RETURN qualifying
  }
  RETURN collect({property: p, vendors: qualifying}) AS qualifyingSets
}
UNWIND risks AS risk
WITH risk.r AS r, risk.matchScore AS matchScore, risk.owner AS owner, risk.m AS m,
     risk.matchedRules AS matchedRules, risk.properties AS properties,
     retired, inLayer, notEvaluated, unscored, qualifyingSets
CALL (r, owner, m, matchedRules, properties, retired, inLayer, notEvaluated, unscored,
      qualifyingSets) {
  // The strong tools, by relationships: EXPLICIT (rank 3) and LAYER (rank 2).
  CALL (r, owner, m, retired, inLayer) {
    CALL (r, m) {
      MATCH (v:Vendor)-[:MITIGATES]->(r)
      RETURN v, 3 AS rank
      UNION ALL
      MATCH (l:Layer)-[:MITIGATES]->(r), (v:Vendor)-[:IN_LAYER]->(l)
      RETURN v, 3 AS rank
      UNION ALL
      MATCH (m)-[:APPLIES_AT]->(:Layer)<-[:IN_LAYER]-(v:Vendor)
      RETURN v, 2 AS rank
    }
    WITH v, max(rank) AS strongest
    WHERE (owner IS NULL OR v <> owner) AND NOT v IN retired
      AND ($asked.layer IS NULL OR v IN inLayer)
    RETURN collect(v) AS strong, collect(CASE strongest WHEN 3 THEN v END) AS explicitTools
  }
  // DIMENSION-only tools: in every mapped property's set, evaluated, not strong, not filtered.
  WITH *, [s IN qualifyingSets WHERE s.property IN properties | s.vendors] AS sets
  WITH *, CASE size(sets) WHEN 0 THEN []
          ELSE reduce(acc = sets[0], s IN sets[1..] | [v IN acc WHERE v IN s]) END AS qualified
  WITH *, [v IN qualified
           WHERE NOT v IN strong AND NOT v IN notEvaluated AND (owner IS NULL OR v <> owner)
             AND NOT v IN retired AND ($asked.layer IS NULL OR v IN inLayer)] AS dimensionTools
  // The first $first tools, group by group, each group only for the places left.
  CALL (strong, explicitTools, dimensionTools, unscored) {
    WITH [v IN strong WHERE NOT v IN explicitTools] AS layerTools
    UNWIND [{rank: 3, tools: explicitTools, before: 0},
            {rank: 2, tools: layerTools, before: size(explicitTools)},
            {rank: 1, tools: dimensionTools, before: size(strong)}] AS group
    WITH group, $first - group.before AS room
    WHERE room > 0 AND size(group.tools) > 0
    CALL (group, room, unscored) {
      // Few: sort them (unscored last, as in Q4). For a large group this branch gives one empty
      // list (collect over no rows), which adds nothing to the page.
      WITH group WHERE size(group.tools) <= 2 * $first
      UNWIND group.tools AS v
      WITH v ORDER BY v.inpactTotal IS NULL, v.inpactTotal DESC,
                      v.goalsTotal IS NULL, v.goalsTotal DESC, toLower(v.name), v.slug
      LIMIT $first
      RETURN collect(v) AS top
      UNION ALL
      // Many: the scored members in index order, then (if places are left) the unscored.
      WITH group, room, unscored WHERE size(group.tools) > 2 * $first
      CALL (group) {
        MATCH (v:Vendor)
        WHERE v.inpactTotal IS NOT NULL AND v IN group.tools
        WITH v ORDER BY v.inpactTotal DESC, v.goalsTotal IS NULL, v.goalsTotal DESC,
                        toLower(v.name), v.slug
        LIMIT $first
        RETURN collect(v) AS scoredTop
      }
      CALL (group, room, unscored, scoredTop) {
        UNWIND CASE WHEN size(scoredTop) < room
                    THEN [v IN unscored WHERE v IN group.tools] ELSE [] END AS v
        WITH v ORDER BY v.goalsTotal IS NULL, v.goalsTotal DESC, toLower(v.name), v.slug
        LIMIT $first
        RETURN collect(v) AS unscoredTop
      }
      RETURN scoredTop + unscoredTop AS top
    }
    WITH group.rank AS rank, top[0..room] AS top ORDER BY rank DESC
    UNWIND top AS v
    RETURN collect(v) AS ranked
  }
  // Evidence for the returned tools only, the kinds in the order listed at the top.
  CALL (r, m, matchedRules, properties, ranked) {
    UNWIND ranked AS v
    WITH v,
         [(v)-[link:MITIGATES]->(r) |
          {kind: 'EXPLICIT', rank: 3, quote: coalesce(link.note, ''),
           declaredBy: link.declaredBy, layer: null}] +
         [(v)-[:IN_LAYER]->(l:Layer)-[link:MITIGATES]->(r) |
          {kind: 'EXPLICIT', rank: 3, quote: 'mitigated at ' + l.id + ' ' + l.name,
           declaredBy: link.declaredBy, layer: l.id}] +
         [(m)-[:APPLIES_AT]->(l:Layer)<-[:IN_LAYER]-(v) |
          {kind: 'LAYER', rank: 2, quote: m.text, declaredBy: null, layer: l.id}] +
         CASE WHEN size(properties) > 0 AND v.evaluated
                   AND all(p IN properties WHERE v[p] >= $threshold)
              THEN [{kind: 'DIMENSION', rank: 1,
                     quote: reduce(s = '', rule IN matchedRules | s +
                       CASE WHEN s = '' THEN '' ELSE ', ' END + rule.name),
                     declaredBy: null, layer: null,
                     scores: [i IN range(0, size(properties) - 1) |
                       {property: properties[i], score: v[properties[i]]}]}]
              ELSE [] END AS evidence
    RETURN collect({vendor: v {.slug, .name, .layer, .category, .evaluated, .inpactTotal,
                               .goalsTotal},
                    evidence: evidence}) AS tools
  }
  RETURN size(strong) + size(dimensionTools) AS toolCount, tools
}
RETURN r {.id, .text, .severity, .vendorSlug} AS risk, matchScore,
       owner {.slug, .name, .layer, .category, .evaluated, .inpactTotal, .goalsTotal} AS owner,
       m.text AS mitigation,
       [(m)-[:APPLIES_AT]->(l:Layer) | l.id] AS mitigationLayers,
       [rule IN matchedRules | rule.name] AS matchedRules,
       toolCount, tools
ORDER BY matchScore DESC, r.id
