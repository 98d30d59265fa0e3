"""`kb seed`: evaluation files into the graph. A file meets the modules in this order:

1. entry       walk the files; the run's entry (seed_paths)
2. changes     find what changed: hash the files, ask the graph (an unchanged re-seed ends here)
3. validation  validate: parse, check and resolve names across files
4. planning    plan rows: what the graph holds of each vendor, the rows that update it
5. writing     write in batches: whole files per transaction, one per file if that fails
6. finishing   finish and prune: retire vanished vendors, wait for the full-text indexes

pipeline takes a new or changed file through 3-6, under the graph's seed lock (lock: one seed
at a time); streaming, when the files allow it, runs 3-4 in a worker process file by file
while 5 writes the earlier ones. summary is what every stage reports into. A module imports
only modules it calls, never one that calls it (tests/unit/test_import_cycles.py); pipeline,
and the parsers with it, are imported only once a file has changed.
"""

from kb.seeding.entry import BATCH_ROWS, seed_paths
from kb.seeding.summary import SeedSummary

__all__ = ["BATCH_ROWS", "SeedSummary", "seed_paths"]
