"""The output folder: its layout, atomic writes, publishing and recovery, the lock, the ledger of
known sources, and the mirror to an object store."""
