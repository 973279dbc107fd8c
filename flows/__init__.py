"""newsflow's Prefect flow, its I/O and its command line, in layers (README, "Architecture").

From the top: `commands` (the `newsflow` command line and serving), `orchestration` (the flow and
its tasks), `quality` and `processing` (validation and the report; NLP on batches), `intake` (the
input folder), `storage` (the output folder), `contract` (tables, settings, run ids) and
`prefect_server` (starting Prefect servers). A package imports only from the layers below it;
`make lint` checks that (import-linter, `[tool.importlinter]` in pyproject.toml).
"""
