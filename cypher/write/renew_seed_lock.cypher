// kb seed, while it holds the seed lock: extend its lease (it runs out when a seed is killed).
:param {owner: 'example-owner', leaseSeconds: 60}
CYPHER replan=skip
MATCH (lock:SeedLock {id: 'seed'})
WHERE lock.owner = $owner
SET lock.expiresAt = datetime() + duration({seconds: $leaseSeconds})
RETURN count(lock) AS held
