// kb seed: take the graph's seed lock unless a live seed holds it (docs/graph-model.md, "Seed
// lock"). It is free when nobody holds it, its lease has run out, or its holder is $replaces (a
// dead process). SET lock.taking comes first: it takes the node's write lock, so that a second
// seed reads the owner only once the first has committed, and never sees the lock free too.
:param {owner: 'example-owner', replaces: null, pid: 1234, host: 'example-host', leaseSeconds: 60}
CYPHER replan=skip
MERGE (lock:SeedLock {id: 'seed'})
SET lock.taking = true
WITH lock,
     coalesce(lock.owner IS NULL OR lock.owner IN [$owner, $replaces]
              OR lock.expiresAt < datetime(), false) AS free
SET lock += CASE WHEN free
                 THEN {owner: $owner, pid: $pid, host: $host, startedAt: datetime(),
                       expiresAt: datetime() + duration({seconds: $leaseSeconds})}
                 ELSE {} END
REMOVE lock.taking
RETURN free AS taken, lock.owner AS owner, lock.pid AS pid, lock.host AS host,
       lock.startedAt AS startedAt
