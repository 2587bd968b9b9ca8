"""What the use cases stand on: the event store and its keys, the read models' database, the
settings, backups — the parts that know a database, a cipher or the environment."""
