// Which version of the graph is this? (the API's response cache keys on its token; none
// before the first change)
:param {}
CYPHER replan=skip
MATCH (g:GraphVersion {id: 'graph'})
RETURN g.token AS token, g.number AS number, g.changedAt AS changedAt
