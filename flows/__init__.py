"""Prefect flows, tasks, I/O, settings and the command line of newsflow."""
