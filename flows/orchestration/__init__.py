"""The Prefect flow and its tasks: ingest -> process -> validate -> publish, and where each runs."""
