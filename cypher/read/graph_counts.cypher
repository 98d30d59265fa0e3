// How many nodes carry each label and how many relationships have each type: the shape of the
// whole graph (the seeding bench checks that its floor wrote the same graph as kb seed).
MATCH (n)
UNWIND labels(n) AS label
RETURN 'node' AS kind, label AS name, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
