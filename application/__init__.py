"""Application services: commands and queries over the event store, returning plain data."""
