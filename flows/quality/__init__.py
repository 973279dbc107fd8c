"""Whether the data can be trusted: expectations, Great Expectations validation, quarantine, the
run summary and the report site."""
