"""The note that says which name a role was found by, when it was not the name typed.

Plain text (no Rich): the note goes to stderr before any answer, ``--json`` included, and
must not cost the import of Rich.
"""

from __future__ import annotations

from careerpath.output.i18n import _


def matched_note(
    query: str, kind: str, name: str | None, role: str, sources: frozenset[str] = frozenset()
) -> str:
    """ "'hr pm' matched the alternate title 'HR Project Manager' (Human Resources Managers)".

    *kind* is "id", "title" or "alias"; *name* the name that matched (None for a hidden
    search name, never shown); *role* the title shown for the role; *sources* the ids of the
    dataset's sources, which say what its aliases are called (O*NET's alternate titles,
    ESCO's alternative labels).
    """
    typed = repr(query)
    if name is None:
        return _("{query} matched one of the search names of {role}").format(query=typed, role=role)
    spelled = repr(name)
    if kind == "title" and name == role:
        return _("{query} matched the title {name}").format(query=typed, name=spelled)
    if kind == "title":
        template = _("{query} matched the title {name} ({role})")
    elif kind == "id":
        template = _("{query} matched the id {name} ({role})")
    elif "onet" in sources:
        template = _("{query} matched the alternate title {name} ({role})")
    elif "esco" in sources:
        template = _("{query} matched the alternative label {name} ({role})")
    else:
        template = _("{query} matched the alias {name} ({role})")
    return template.format(query=typed, name=spelled, role=role)
