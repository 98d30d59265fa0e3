// kb seed, at its end: release the seed lock (the node goes: a graph at rest has none).
:param {owner: 'example-owner'}
CYPHER replan=skip
MATCH (lock:SeedLock {id: 'seed'})
WHERE lock.owner = $owner
DELETE lock
