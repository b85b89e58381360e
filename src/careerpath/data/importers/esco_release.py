"""Which ESCO release a pack is, told by its content: packs of different releases never combine.

A pack's file name may carry its version (``ESCO dataset - v1.2.0 - ...``), but a renamed zip
or folder does not, so packs are compared by what they hold:

- when each of the pack's occupations was last modified (``modifiedDate``): one release
  gives an occupation the same date in every language, and a later release changes most of
  them (44 of the 47 occupations of the sample changed between 1.1.1 and 1.2.0);
- the columns of each kind of file (1.2.1 adds ``naceCode`` to the occupations, labels to
  the relations);
- how the relation files are named (``occupationSkillRelations.csv`` in 1.1.x,
  ``..._en.csv`` in 1.2.x).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from careerpath.data.importers.source import COMMA_SEPARATED, ReleaseFiles
from careerpath.errors import ImportFailed
from careerpath.messages import Message, _

DATED_KIND = "occupations"
"""The kind of file whose ``modifiedDate`` is noted."""
NAMED_KINDS = ("relations", "broader")
"""Kinds of file whose names tell the layout: without a language suffix in 1.1.x."""


@dataclass
class ReleaseMarks:
    """What a pack's files showed of the release it belongs to, noted as they were read."""

    pack: str
    """The pack, as messages name it (its path)."""
    modified: dict[str, str] = field(default_factory=dict)
    """Each occupation's ``modifiedDate``, by its URI."""
    columns: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """By kind of file: its name and its columns."""
    names: dict[str, str] = field(default_factory=dict)
    """By kind of file whose name tells the layout: its name."""


def read_marked(
    release: ReleaseFiles,
    name: str,
    kind: str,
    required: Sequence[str],
    optional: Sequence[str],
    marks: ReleaseMarks,
) -> Iterable[list[str]]:
    """The rows of the pack's file *name* (of *kind*), its release's marks noted in *marks*."""
    dated = kind == DATED_KIND and "conceptUri" in required
    table = release.table(
        name, COMMA_SEPARATED, required, (*optional, "modifiedDate") if dated else optional
    )
    assert table is not None  # a pack's files are those its release has
    marks.columns[kind] = (name, table.columns)
    if kind in NAMED_KINDS:
        marks.names[kind] = name
    return _dated(table, list(required).index("conceptUri"), marks.modified) if dated else table


def _dated(rows: Iterable[list[str]], uri: int, modified: dict[str, str]) -> Iterator[list[str]]:
    for row in rows:
        date = row.pop()  # the column added for this; the importer never sees it
        if date:
            modified[row[uri]] = date
        yield row


def one_release(packs: Sequence[ReleaseMarks]) -> None:
    """Refuse packs of different releases, each compared with the first.

    Raises ImportFailed naming the two packs and what tells them apart: an occupation modified
    on different dates, columns one pack's file has and the other's lacks, or relation files
    named in the two layouts.
    """
    first = packs[0] if packs else None
    for other in packs[1:]:
        assert first is not None
        problem = _difference(first, other)
        if problem is not None:
            raise ImportFailed(
                _(
                    "the packs are of different ESCO releases: {difference}; combine packs of "
                    "one release"
                ).format(difference=problem)
            )


def _difference(first: ReleaseMarks, other: ReleaseMarks) -> Message | None:
    for uri, date in other.modified.items():
        theirs = first.modified.get(uri)
        if theirs is not None and theirs != date:
            return _(
                "occupation {uri} was last modified {first_date} in {first} but {other_date} "
                "in {other}"
            ).format(
                uri=uri, first_date=theirs, first=first.pack, other_date=date, other=other.pack
            )
    for kind, (name, columns) in first.columns.items():
        if kind not in other.columns:
            continue
        other_name, other_columns = other.columns[kind]
        for (a, a_name, a_columns), (b, b_name, b_columns) in (
            ((first, name, columns), (other, other_name, other_columns)),
            ((other, other_name, other_columns), (first, name, columns)),
        ):
            extra = [column for column in a_columns if column not in b_columns]
            if extra:
                return _(
                    "{file} in {pack} has columns {columns} that {other_file} in {other} lacks"
                ).format(
                    file=a_name,
                    pack=a.pack,
                    columns=", ".join(repr(column) for column in extra),
                    other_file=b_name,
                    other=b.pack,
                )
    for kind, name in first.names.items():
        named = other.names.get(kind)
        if named is not None and ("_" in name) != ("_" in named):
            return _("{first} has {file} but {other} has {other_file} (two file layouts)").format(
                first=first.pack, file=name, other=other.pack, other_file=named
            )
    return None
