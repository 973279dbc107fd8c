"""Pure text transforms: no I/O, no Prefect. Everything here is `data in -> data out`."""
