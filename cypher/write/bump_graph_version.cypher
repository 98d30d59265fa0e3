// The last statement of every transaction that changes the graph: a new random token (never
// one seen before, even after a restore), the next number, and when.
:param {}
CYPHER replan=skip
MERGE (g:GraphVersion {id: 'graph'})
SET g.token = randomUUID(), g.number = coalesce(g.number, 0) + 1, g.changedAt = datetime()
