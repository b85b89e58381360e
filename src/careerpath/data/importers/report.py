"""What an import read, made and left out: the part every importer's report shares."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportReport:
    """Rows left out by reason and files missing with what they lose; importers add counts."""

    skipped: dict[str, int] = field(default_factory=dict, kw_only=True)
    """Rows left out for reasons an importer has no count of its own for, by reason."""
    missing: list[tuple[str, str]] = field(default_factory=list, kw_only=True)
    """Files the source lacks, each with what is lost without it."""

    def skip(self, reason: str, count: int = 1) -> None:
        """Count *count* rows left out for *reason*."""
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    def lack(self, name: str, lost: str) -> None:
        """Note that file *name* is missing, and what that loses."""
        self.missing.append((name, lost))

    def left_out_lines(self, left_out: list[str]) -> list[str]:
        """The end of the summary: what was left out (*left_out*, then the rows skipped, by
        reason) and which files were missing, with what that loses."""
        left_out = [
            *left_out,
            *(f"{count:,} {reason}" for reason, count in sorted(self.skipped.items())),
        ]
        lines = ["  left out: " + "; ".join(left_out)] if left_out else []
        lines += [f"  missing {name}: {lost}" for name, lost in self.missing]
        return lines

    def to_json(self) -> dict[str, Any]:
        """Every count (but those marked ``json=False``), then the skipped and missing files."""
        counts = {
            one.name: getattr(self, one.name)
            for one in dataclasses.fields(self)
            if one.metadata.get("json", True) and one.name not in ("skipped", "missing")
        }
        return {
            **counts,
            "skipped": self.skipped,
            "missing": [{"file": name, "lost": lost} for name, lost in self.missing],
        }
