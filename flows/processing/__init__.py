"""Batches of raw bytes into table rows: the spaCy model, the text work and the worker processes.

Nothing here does I/O on the input or output folders: a batch's bytes come in, its rows go out.
"""
