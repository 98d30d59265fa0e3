// Step 4 of replacing vendors' current facts: delete what nothing points at any more — stub
// vendors, bare risks, segments and certifications. Evaluated vendors and layers always stay.
:param ids => []
CYPHER replan=skip
UNWIND $ids AS id
MATCH (n)
WHERE elementId(n) = id
  AND ((n:Vendor AND n.evaluated = false) OR (n:Risk AND n.text IS NULL)
       OR n:Segment OR n:Certification)
  AND NOT EXISTS { (n)<--() }
DETACH DELETE n
