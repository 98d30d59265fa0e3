// Which constraints exist? The API's /readyz compares them with those cypher/schema/ creates.
:param {}
SHOW CONSTRAINTS YIELD name
RETURN collect(name) AS names
