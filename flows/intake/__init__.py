"""The input folder: finding the files, hashing and reading them, and planning a run's batches."""
