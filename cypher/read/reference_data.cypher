// The reference data as stored, in the shape write/upsert_layers and write/upsert_dimensions
// take plus the links they make: the schema step writes only when it differs.
:param {}
CALL () {
  MATCH (l:Layer)
  OPTIONAL MATCH (below:Layer)-[:SUPPORTS]->(l)
  WITH l, below ORDER BY l.position, l.id
  RETURN collect({id: l.id, name: l.name, aliases: l.aliases, position: l.position,
                  description: l.description, below: below.id}) AS layers
}
CALL () {
  MATCH (f:Framework)
  OPTIONAL MATCH (d:Dimension)-[:PART_OF]->(f)
  WITH f, d ORDER BY d.position, d.key
  WITH f, collect({key: d.key, letter: d.letter, name: d.name, meaning: d.meaning,
                   position: d.position, framework: d.framework}) AS dimensions
  ORDER BY f.id
  RETURN collect({id: f.id, name: f.name, question: f.question,
                  dimensionMax: f.dimensionMax, totalMax: f.totalMax,
                  dimensions: dimensions}) AS frameworks
}
RETURN layers, frameworks
