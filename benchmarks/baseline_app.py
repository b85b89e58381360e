"""The floor: a minimal Typer app with two commands that print a word.

Every careerpath figure in ``benchmarks/run.py`` is a ratio to this app's start-up time (B),
measured in the same run and the same environment, because absolute times vary from machine to
machine. Its ``graph`` command imports networkx first (F: the floor for a command that builds a
graph, such as careerpath's ``path``; ``benchmarks/scale.py`` times it beside B).
"""

import typer  # noqa: TID251 (the floor is a bare Typer app)

app = typer.Typer()


@app.command()
def hello() -> None:
    """Print a word."""
    print("hello")


@app.command()
def goodbye() -> None:
    """Print another word."""
    print("goodbye")


@app.command()
def graph() -> None:
    """Import networkx, as a command that builds a graph does, and print a word."""
    import networkx  # noqa: F401 (the import is what F measures)

    print("graph")


if __name__ == "__main__":
    app()
