"""The Stack Builder and the Vendor Advisor: a stack graded against a profile (assess), and the
best vendor per layer for a profile (advise). Pure functions over the rows of
cypher/read/stack_assessment.cypher; the API and the CLI run that query and call these."""
