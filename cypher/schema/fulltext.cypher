// Full-text indexes for free-text questions: Q1 (a risk by its wording) and Q7 (search).
// Query with db.index.fulltext.queryNodes / queryRelationships and the index name.
CREATE FULLTEXT INDEX vendorNames IF NOT EXISTS FOR (n:Vendor) ON EACH [n.name, n.aliasText];
CREATE FULLTEXT INDEX riskTexts IF NOT EXISTS FOR (n:Risk) ON EACH [n.text];
CREATE FULLTEXT INDEX mitigationTexts IF NOT EXISTS FOR (n:Mitigation) ON EACH [n.text];
CREATE FULLTEXT INDEX evidenceTexts IF NOT EXISTS
FOR (n:Strength|Limitation|UseCase) ON EACH [n.text, n.title, n.rationale];
CREATE FULLTEXT INDEX scoreRationales IF NOT EXISTS
FOR ()-[r:SCORED]-() ON EACH [r.rationale];
CREATE FULLTEXT INDEX alternativeRationales IF NOT EXISTS
FOR ()-[r:ALTERNATIVE_TO]-() ON EACH [r.rationale];
