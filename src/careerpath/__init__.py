"""careerpath: explore career paths — where you can go from a role, by which route, and what to
learn for the next step.

The library is usable without the command line; this module is its front door::

    import careerpath

    ladder = careerpath.load()                 # the built-in customer-support ladder
    lead = careerpath.find_role(ladder, "tiimijohtaja")
    rep = careerpath.find_role(ladder, "customer service rep")
    search = careerpath.find_routes(ladder, rep, lead)
    gap = careerpath.skill_gap(ladder, rep, lead)

Each function returns a plain result object with a ``to_json()``. The names are imported when
first used, so ``import careerpath`` costs nothing at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from careerpath.version import __version__

if TYPE_CHECKING:
    from careerpath.data.load import load
    from careerpath.queries.gaps import skill_gap
    from careerpath.queries.names import find_role
    from careerpath.queries.routes import find_routes
    from careerpath.queries.similar import similar_roles
    from careerpath.queries.steps import next_steps

__all__ = [
    "__version__",
    "find_role",
    "find_routes",
    "load",
    "next_steps",
    "similar_roles",
    "skill_gap",
]

_FRONT_DOOR = {
    "load": "careerpath.data.load",
    "find_role": "careerpath.queries.names",
    "find_routes": "careerpath.queries.routes",
    "next_steps": "careerpath.queries.steps",
    "skill_gap": "careerpath.queries.gaps",
    "similar_roles": "careerpath.queries.similar",
}


def __getattr__(name: str) -> Any:
    module = _FRONT_DOOR.get(name)
    if module is None:
        raise AttributeError(f"module 'careerpath' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
