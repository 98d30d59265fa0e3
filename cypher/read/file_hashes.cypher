// Which of these files the graph already holds unchanged: for each file, the byte hashes
// stored on the vendors it evaluates (and whether any of them is retired). kb seed skips
// parsing entirely when every file it is given matches.
:param files => ['seeds/evaluations/argilla.txt']
UNWIND $files AS file
MATCH (v:Vendor {sourceFile: file})
WHERE v.evaluated = true
RETURN file, collect(DISTINCT v.fileHash) AS hashes, count(v) AS vendors,
       any(x IN collect(v.retired) WHERE x) AS retired
