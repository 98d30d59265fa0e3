// Wait until every index is online before the first write (seconds as a parameter).
:param timeoutSeconds => 300
CALL db.awaitIndexes($timeoutSeconds);
