"""The `giamngheo` command line: a thin entry point over the application services."""
