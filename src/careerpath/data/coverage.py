"""Which roles of a data file lack text in a language (``validate --strict``).

A role's title, summary, responsibilities, KPIs, track and tool categories may be given in
each supported language; a missing language falls back to English, so a gap is never an
error. ``validate --strict`` reports each role with gaps as one warning.
"""

from __future__ import annotations

from typing import Any

from careerpath.data.records import LANGUAGES
from careerpath.data.sources import Locator, SourceText, format_path
from careerpath.errors import Problem
from careerpath.messages import _, joined

OTHER_LANGUAGES = tuple(code for code in LANGUAGES if code != "en")


def _lacks(value: Any) -> list[str]:
    """The languages besides English a raw value (a string, or text by language) lacks."""
    if isinstance(value, str):
        return list(OTHER_LANGUAGES)
    if isinstance(value, dict):
        return [code for code in OTHER_LANGUAGES if not value.get(code)]
    return []


def _role_gaps(role: dict[str, Any]) -> dict[str, list[str]]:
    """For each language a role lacks text in, the fields it lacks (in the file's order)."""
    fields: list[tuple[str, Any]] = [
        ("title", role.get("title")),
        ("track", role.get("track")),
        ("summary", role.get("summary")),
    ]
    for name in ("responsibilities", "kpis"):
        items = role.get(name)
        if isinstance(items, list):
            fields += [(f"{name}[{index}]", item) for index, item in enumerate(items)]
    tools = role.get("tools")
    if isinstance(tools, list):
        fields += [
            (f"tools[{index}].category", tool.get("category"))
            for index, tool in enumerate(tools)
            if isinstance(tool, dict)
        ]
    gaps: dict[str, list[str]] = {}
    for name, value in fields:
        if value is None:
            continue
        for code in _lacks(value):
            gaps.setdefault(code, []).append(name)
    return gaps


def missing_translations(source: SourceText, document: Any) -> list[Problem]:
    """One warning for each role of *document* that lacks text in a supported language."""
    if not isinstance(document, dict) or not isinstance(document.get("roles"), list):
        return []
    locator = Locator(source.text)
    problems = []
    for index, role in enumerate(document["roles"]):
        if not isinstance(role, dict):
            continue
        gaps = _role_gaps(role)
        if not gaps:
            continue
        parts = [
            _("{language}: {fields}").format(language=code, fields=", ".join(names))
            for code, names in sorted(gaps.items())
        ]
        message = _("role {role} lacks translations ({gaps})").format(
            role=repr(role.get("id", "?")), gaps=joined("; ", parts)
        )
        path = ("roles", index)
        line, column = locator.find(path)
        problems.append(
            Problem(message, source.label, format_path(path), line, column, severity="warning")
        )
    return problems
