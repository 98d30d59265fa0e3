// Reference data: frameworks and their dimensions from seeds/framework.yaml.
:param frameworks => [{id: 'INPACT', name: 'INPACT', question: '', dimensionMax: 6, totalMax: 36, dimensions: [{key: 'INPACT.I', letter: 'I', name: 'Instant', meaning: '', position: 1}]}]
CYPHER replan=skip
UNWIND $frameworks AS row
MERGE (f:Framework {id: row.id})
SET f.name = row.name, f.question = row.question, f.dimensionMax = row.dimensionMax,
    f.totalMax = row.totalMax
WITH f, row
UNWIND row.dimensions AS dim
MERGE (d:Dimension {key: dim.key})
SET d.framework = row.id, d.letter = dim.letter, d.name = dim.name, d.meaning = dim.meaning,
    d.position = dim.position
MERGE (d)-[:PART_OF]->(f)
