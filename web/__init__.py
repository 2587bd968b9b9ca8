"""The web adapter: turns HTTP requests into application commands and queries, and refusals
into `application/problem+json` answers in the caller's language."""
