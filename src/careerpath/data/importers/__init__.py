"""Importers: turn other occupational datasets into careerpath data files.

Each module reads one external format and returns a document shaped like
:class:`careerpath.data.models.DataFile`, checked, with a report of what was imported and left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from careerpath.data.models import MAX_NAME_LENGTH, find_forbidden_character


def to_json_text(document: dict[str, Any]) -> str:
    """The document as the text of a JSON data file (compact: a full release is ~10 MB)."""
    import json

    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def fits_name(value: str) -> bool:
    """Whether *value* can be a name in a data file (one line, not too long, nothing hidden)."""
    return bool(value) and len(value) <= MAX_NAME_LENGTH and find_forbidden_character(value) is None


def left_out_lines(
    left_out: list[str], skipped: Mapping[str, int], missing: Iterable[tuple[str, str]]
) -> list[str]:
    """The end of an import summary: what was left out (*left_out*, then *skipped* by reason)
    and which files were missing, with what that loses."""
    left_out = [*left_out, *(f"{count:,} {reason}" for reason, count in sorted(skipped.items()))]
    lines = ["  left out: " + "; ".join(left_out)] if left_out else []
    lines += [f"  missing {name}: {lost}" for name, lost in missing]
    return lines
