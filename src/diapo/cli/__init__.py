"""The `diapo` command line."""
