// The benchmarks' reset: every node and relationship deleted, in transactions of 10,000 nodes
// (one transaction for a 10,000-vendor graph would hold its whole undo in memory). Runs in an
// auto-commit transaction only. Never run by kb itself.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
