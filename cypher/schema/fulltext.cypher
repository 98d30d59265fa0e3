// Full-text indexes for free-text questions: Q1 (a risk by its wording) and Q7 (search).
// Query with db.index.fulltext.queryNodes / queryRelationships and the index name.
// Eventually consistent: Lucene updates are applied just after each commit instead of inside
// it, which keeps seeding fast; kb seed waits for them (schema/await_fulltext) before it ends.
CREATE FULLTEXT INDEX vendorNames IF NOT EXISTS FOR (n:Vendor) ON EACH [n.name, n.aliasText]
OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE FULLTEXT INDEX riskTexts IF NOT EXISTS FOR (n:Risk) ON EACH [n.text]
OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE FULLTEXT INDEX mitigationTexts IF NOT EXISTS FOR (n:Mitigation) ON EACH [n.text]
OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE FULLTEXT INDEX scoreRationales IF NOT EXISTS
FOR ()-[r:SCORED]-() ON EACH [r.rationale]
OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE FULLTEXT INDEX alternativeRationales IF NOT EXISTS
FOR ()-[r:ALTERNATIVE_TO]-() ON EACH [r.rationale]
OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
