"""The `newsflow` command line, serving on a schedule, and `make serve`."""
