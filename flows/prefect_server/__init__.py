"""Starting Prefect servers: the temporary one of a run and a local one for `make serve`.

This package imports nothing else from newsflow.
"""
