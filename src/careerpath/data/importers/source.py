"""Read a release's files from a zip or a folder, and its CSV or tab-separated tables."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from careerpath.errors import ImportFailed, WrongHeader


class ReleaseFiles:
    """The files of a release, in a zip or a folder: at its root or in one folder inside it."""

    def __init__(
        self, source: Path, holds_release: Callable[[Mapping[str, str]], bool], what: str
    ) -> None:
        """*holds_release* says whether a folder's files (name: where) are the release; *what*
        names the files a zip should hold ("ESCO CSV files") when *source* is neither."""
        self.source = source
        self._zip: zipfile.ZipFile | None = None
        self._folded: dict[str, str] | None = None
        self.tables: list[Table] = []
        """The tables read, in order (each knows how many short rows it left out)."""
        if not source.exists():
            raise ImportFailed(f"{source}: no such file or folder")
        if source.is_dir():
            self.files = _scan_folder(source, holds_release)
            return
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFailed(
                f"{source}: not a zip of {what}, nor a folder of them ({exc})"
            ) from None
        self.files = _scan_zip(self._zip, holds_release)

    def find(self, name: str) -> str | None:
        """The name of the file called *name* in any case, or None when there is none."""
        if self._folded is None:
            self._folded = {file.casefold(): file for file in self.files}
        return self._folded.get(name.casefold())

    def has(self, name: str) -> bool:
        """Whether the release has a file called *name*, in any case."""
        return self.find(name) is not None

    def text(self, name: str) -> str:
        """The decoded text of file *name* (in any case; a UTF-8 byte-order mark dropped)."""
        where = self.files.get(name) or self.files[self.find(name) or name]
        try:
            raw = self._zip.read(where) if self._zip is not None else Path(where).read_bytes()
        except (OSError, zipfile.BadZipFile, KeyError) as exc:
            raise ImportFailed(f"{name}: cannot be read ({exc})") from None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise ImportFailed(f"{name}: line {line} is not UTF-8 text") from None

    def table(
        self, name: str, form: TableFormat, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Table | None:
        """The rows of file *name* (in any case), or None when the release lacks it."""
        if not self.has(name):
            return None
        table = Table(name, self.text(name), form, required, optional)
        self.tables.append(table)
        return table

    def close(self) -> None:
        """Close the zip, if the release is one."""
        if self._zip is not None:
            self._zip.close()


def _files_in(folder: Path) -> dict[str, str]:
    return {path.name: str(path) for path in folder.iterdir() if path.is_file()}


def _scan_folder(
    folder: Path, holds_release: Callable[[Mapping[str, str]], bool]
) -> dict[str, str]:
    """The files of *folder*, or of the one folder inside it when it was unpacked with one."""
    try:
        found = _files_in(folder)
        if not holds_release(found):
            inner = [path for path in folder.iterdir() if path.is_dir()]
            if len(inner) == 1:
                found = _files_in(inner[0])
    except OSError as exc:
        raise ImportFailed(f"{folder}: cannot be read ({exc.strerror or exc})") from None
    return found


def _scan_zip(
    archive: zipfile.ZipFile, holds_release: Callable[[Mapping[str, str]], bool]
) -> dict[str, str]:
    """The files at the zip's root or in one of its folders: the first that hold the release."""
    by_folder: dict[str, dict[str, str]] = {}
    for info in archive.infolist():
        parts = info.filename.split("/")
        if info.is_dir() or len(parts) > 2 or parts[0] == "__MACOSX" or parts[-1].startswith("._"):
            continue
        folder = parts[0] if len(parts) == 2 else ""
        by_folder.setdefault(folder, {})[parts[-1]] = info.filename
    return next((files for files in by_folder.values() if holds_release(files)), {})


@dataclass(frozen=True)
class TableFormat:
    """How a release writes its tables."""

    delimiter: str
    quoted: bool
    """Fields may be quoted; else every character is data (a quote too)."""
    fold_case: bool
    """Column names match in any case."""
    strip: str | None
    """The characters stripped from both ends of names and values (None: white space)."""
    short_rows: Literal["skip", "pad"]
    """A row with fewer fields than the columns need: "skip" leaves it out and counts it (and
    a line of nothing but spaces is blank), "pad" gives its missing fields as ""."""


TAB_SEPARATED = TableFormat(
    "\t", quoted=False, fold_case=True, strip=" \r\n\ufeff", short_rows="skip"
)
"""O*NET's text files: a tab between fields, no quoting, every row as wide as the header."""
COMMA_SEPARATED = TableFormat(",", quoted=True, fold_case=False, strip=None, short_rows="pad")
"""ESCO's CSV files: quoted fields may hold commas and line breaks; empty last fields may go."""


class Table:
    """One file's rows: the values of the columns asked for, found by their names in its header.

    Iterating gives, for each row, the values of the *required* then the *optional* columns
    ("" for an optional column the file lacks). Rows may end in CRLF or LF.
    """

    def __init__(
        self,
        name: str,
        text: str,
        form: TableFormat,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> None:
        """Raises :class:`WrongHeader`, naming the file and the columns expected and found,
        when a required column is missing."""
        self.name = name
        self.form = form
        self.short_rows = 0
        """Rows left out for holding too few fields (with ``short_rows="skip"``)."""
        self._reader: Iterator[list[str]] = csv.reader(
            io.StringIO(text, newline=""),
            delimiter=form.delimiter,
            quoting=csv.QUOTE_MINIMAL if form.quoted else csv.QUOTE_NONE,
        )
        header = [column.strip(form.strip).lstrip("\ufeff") for column in next(self._reader, [])]
        key: Callable[[str], str] = str.casefold if form.fold_case else str
        index = {key(column): position for position, column in enumerate(header)}
        missing = [column for column in required if key(column) not in index]
        if missing or not header:
            raise WrongHeader(name, required, [column for column in header if column])
        self._positions = [index.get(key(column)) for column in (*required, *optional)]
        self._width = max(p for p in self._positions if p is not None) + 1

    def __iter__(self) -> Iterator[list[str]]:
        strip, positions = self.form.strip, self._positions
        if self.form.short_rows == "pad":
            for record in self._reader:
                if not record or record == [""]:
                    continue
                width = len(record)
                yield [
                    record[p].strip(strip) if p is not None and p < width else "" for p in positions
                ]
        else:
            width = self._width
            for record in self._reader:
                if all(not value or value.isspace() for value in record):
                    continue
                if len(record) < width:
                    self.short_rows += 1
                    continue
                yield [record[p].strip(strip) if p is not None else "" for p in positions]
        self.close()

    def close(self) -> None:
        """Let the file's text go (a large release holds tens of MB of it)."""
        self._reader = iter(())
