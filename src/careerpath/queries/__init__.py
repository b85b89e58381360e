"""Plain functions from a dataset to result objects (no Typer, no Rich)."""
