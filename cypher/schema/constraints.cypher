// Uniqueness constraints: one per node key (docs/graph-model.md). Each also serves as the
// index for MATCH/MERGE on that key. Idempotent: IF NOT EXISTS.
CREATE CONSTRAINT layer_id IF NOT EXISTS FOR (n:Layer) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT framework_id IF NOT EXISTS FOR (n:Framework) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dimension_key IF NOT EXISTS FOR (n:Dimension) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT vendor_slug IF NOT EXISTS FOR (n:Vendor) REQUIRE n.slug IS UNIQUE;
CREATE CONSTRAINT evaluation_id IF NOT EXISTS FOR (n:Evaluation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT risk_id IF NOT EXISTS FOR (n:Risk) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT mitigation_id IF NOT EXISTS FOR (n:Mitigation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT strength_id IF NOT EXISTS FOR (n:Strength) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT limitation_id IF NOT EXISTS FOR (n:Limitation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT use_case_id IF NOT EXISTS FOR (n:UseCase) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT segment_id IF NOT EXISTS FOR (n:Segment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT certification_id IF NOT EXISTS FOR (n:Certification) REQUIRE n.id IS UNIQUE;
// The seed lock (kb seed): one node, so that two seeds never both create it.
CREATE CONSTRAINT seed_lock_id IF NOT EXISTS FOR (n:SeedLock) REQUIRE n.id IS UNIQUE;
// The graph version (kb.graph.version): one node, moved by every transaction that changes
// the graph; the API's response cache keys on its token.
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (n:GraphVersion) REQUIRE n.id IS UNIQUE;
