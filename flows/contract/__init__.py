"""The public contract: the tables and their columns, the settings, and what identifies a run."""
