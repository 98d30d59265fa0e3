// Which indexes (constraint-backing ones included) exist and whether they are online: kb seed
// skips re-applying cypher/schema/ when every one it declares is already there.
SHOW INDEXES YIELD name, state
RETURN name, state
