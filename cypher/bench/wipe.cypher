// The benchmarks' reset: every node and relationship deleted, in transactions of 10,000 nodes
// (one transaction for a 10,000-vendor graph would hold its whole state in memory). Runs in an
// auto-commit transaction only. Ships with the other statements; kb itself never runs it.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
