// Which of these files the graph already holds unchanged: for each file, the byte hashes
// stored on the vendors it evaluates (and whether any of them is retired). kb seed skips
// parsing entirely when every file it is given matches. One row holds every file: a re-seed
// of 10,000 files is little else, and ten thousand rows cost the driver ten thousand messages.
:param files => ['seeds/evaluations/argilla.txt']
UNWIND $files AS file
MATCH (v:Vendor {sourceFile: file})
WHERE v.evaluated = true
WITH file, collect(DISTINCT v.fileHash) AS hashes, count(v) AS vendors,
     any(x IN collect(v.retired) WHERE x) AS retired
RETURN collect({file: file, hashes: hashes, vendors: vendors, retired: retired}) AS files
