// Range indexes on what readers filter or sort by (Q4 vendors, Q8 data quality, Q2 history).
// The score properties are kb.graph.rows.SCORE_PROPERTIES; tests/unit/test_queries.py checks
// that every one of them has an index here.
CREATE INDEX vendor_name IF NOT EXISTS FOR (n:Vendor) ON (n.name);
CREATE INDEX vendor_layer IF NOT EXISTS FOR (n:Vendor) ON (n.layer);
CREATE INDEX vendor_category IF NOT EXISTS FOR (n:Vendor) ON (n.category);
CREATE INDEX vendor_evaluated IF NOT EXISTS FOR (n:Vendor) ON (n.evaluated);
CREATE INDEX vendor_retired IF NOT EXISTS FOR (n:Vendor) ON (n.retired);
CREATE INDEX vendor_source_file IF NOT EXISTS FOR (n:Vendor) ON (n.sourceFile);
CREATE INDEX vendor_inpact_total IF NOT EXISTS FOR (n:Vendor) ON (n.inpactTotal);
CREATE INDEX vendor_goals_total IF NOT EXISTS FOR (n:Vendor) ON (n.goalsTotal);
CREATE INDEX vendor_score_inpact_i IF NOT EXISTS FOR (n:Vendor) ON (n.scoreInpactI);
CREATE INDEX vendor_score_inpact_n IF NOT EXISTS FOR (n:Vendor) ON (n.scoreInpactN);
CREATE INDEX vendor_score_inpact_p IF NOT EXISTS FOR (n:Vendor) ON (n.scoreInpactP);
CREATE INDEX vendor_score_inpact_a IF NOT EXISTS FOR (n:Vendor) ON (n.scoreInpactA);
CREATE INDEX vendor_score_inpact_c IF NOT EXISTS FOR (n:Vendor) ON (n.scoreInpactC);
CREATE INDEX vendor_score_inpact_t IF NOT EXISTS FOR (n:Vendor) ON (n.scoreInpactT);
CREATE INDEX vendor_score_goals_g IF NOT EXISTS FOR (n:Vendor) ON (n.scoreGoalsG);
CREATE INDEX vendor_score_goals_o IF NOT EXISTS FOR (n:Vendor) ON (n.scoreGoalsO);
CREATE INDEX vendor_score_goals_a IF NOT EXISTS FOR (n:Vendor) ON (n.scoreGoalsA);
CREATE INDEX vendor_score_goals_l IF NOT EXISTS FOR (n:Vendor) ON (n.scoreGoalsL);
CREATE INDEX vendor_score_goals_s IF NOT EXISTS FOR (n:Vendor) ON (n.scoreGoalsS);
CREATE INDEX evaluation_vendor_slug IF NOT EXISTS FOR (n:Evaluation) ON (n.vendorSlug);
CREATE INDEX evaluation_evaluated_at IF NOT EXISTS FOR (n:Evaluation) ON (n.evaluatedAt);
CREATE INDEX risk_vendor_slug IF NOT EXISTS FOR (n:Risk) ON (n.vendorSlug);
CREATE INDEX risk_severity_rank IF NOT EXISTS FOR (n:Risk) ON (n.severityRank);
// The Stack Builder's candidates (read/stack_assessment): a layer's vendors by INPACT total,
// and those whose INPACT is stated on another maximum than the framework's.
CREATE INDEX vendor_layer_inpact_total IF NOT EXISTS FOR (n:Vendor) ON (n.layer, n.inpactTotal);
CREATE INDEX vendor_layer_inpact_declared_max IF NOT EXISTS
FOR (n:Vendor) ON (n.layer, n.inpactDeclaredMax);
CREATE INDEX vendor_layer_inpact_computed_max IF NOT EXISTS
FOR (n:Vendor) ON (n.layer, n.inpactComputedMax);
