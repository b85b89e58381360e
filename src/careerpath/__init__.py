"""careerpath: explore career paths — where you can go from a role, by which route, and what to
learn for the next step.

The library is usable without the command line::

    from careerpath.data.load import load
    from careerpath.queries.names import find_role

    ladder = load()                      # the built-in customer-support ladder
    lead = find_role(ladder, "tiimijohtaja")
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
