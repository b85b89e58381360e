"""The dataset: its models, files, checks, cache and importers (no Typer, no Rich)."""
