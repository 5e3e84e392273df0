"""Annual disclosure reports built from the records: build, check, approve, publish, correct (issue 4)."""
