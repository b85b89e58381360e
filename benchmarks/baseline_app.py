"""The floor: a minimal Typer app with two commands that print a word.

Every careerpath figure in ``benchmarks/run.py`` is a ratio to this app's start-up time (B),
measured in the same run and the same environment, because absolute times vary from machine to
machine.
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


if __name__ == "__main__":
    app()
