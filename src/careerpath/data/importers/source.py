"""Read a release's files from a zip or a folder, and its CSV or tab-separated tables.

A damaged file stops the import, naming the file and the line: a NUL byte, text that is not
UTF-8, a row cut short, a quote opened and never closed, a field over the CSV reader's limit.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from careerpath.errors import ImportFailed, WrongHeader
from careerpath.messages import Message, Number, _, ngettext

_IGNORED_FOLDERS = ("__MACOSX",)
"""Folders a zip or an unpacked folder may hold that are never a release (macOS metadata)."""


class ReleaseFiles:
    """The files of a release, in a zip or a folder: at its root or in one folder inside it."""

    def __init__(
        self, source: Path, holds_release: Callable[[Mapping[str, str]], bool], what: str
    ) -> None:
        """*holds_release* says whether a folder's files (name: where) are the release; *what*
        names the files a zip should hold ("ESCO CSV files") when *source* is neither.

        Raises ImportFailed when *source* cannot be read, or holds more than one release (in
        two of its folders, or at its top level and in a folder).
        """
        self.source = source
        self._zip: zipfile.ZipFile | None = None
        self._folded: dict[str, str] | None = None
        if not source.exists():
            raise ImportFailed(_("{source}: no such file or folder").format(source=str(source)))
        if source.is_dir():
            self.files = _scan_folder(source, holds_release)
            return
        if not source.is_file():  # a FIFO would block, a device never end
            raise ImportFailed(
                _("{source}: not a zip of {what}, nor a folder of them").format(
                    source=str(source), what=what
                )
            )
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ImportFailed(
                _("{source}: not a zip of {what}, nor a folder of them ({reason})").format(
                    source=str(source), what=what, reason=str(exc)
                )
            ) from None
        try:
            self.files = _scan_zip(source, self._zip, holds_release)
        except ImportFailed:
            self._zip.close()
            raise

    def find(self, name: str) -> str | None:
        """The name of the file called *name* in any case, or None when there is none."""
        if self._folded is None:
            self._folded = {file.casefold(): file for file in self.files}
        return self._folded.get(name.casefold())

    def has(self, name: str) -> bool:
        """Whether the release has a file called *name*, in any case."""
        return self.find(name) is not None

    def where(self, name: str) -> str:
        """File *name* as messages name it: its path, or the zip's path and its place inside."""
        where = self.files.get(name) or self.files[self.find(name) or name]
        return where if self._zip is None else f"{self.source}/{where}"

    def text(self, name: str) -> str:
        """The decoded text of file *name* (in any case; a UTF-8 byte-order mark dropped).

        Raises ImportFailed, naming the file and the line, for a NUL byte or text that is not
        UTF-8, and when the file cannot be read (a damaged zip).
        """
        where = self.files.get(name) or self.files[self.find(name) or name]
        label = self.where(name)
        try:
            raw = self._zip.read(where) if self._zip is not None else Path(where).read_bytes()
        except (
            OSError,
            EOFError,  # a truncated zip
            KeyError,
            NotImplementedError,  # a compression method zipfile lacks
            RuntimeError,  # an encrypted member
            ValueError,
            zipfile.BadZipFile,  # also a CRC that does not match
            zlib.error,  # damaged compressed data
        ) as exc:
            reason = str(exc) or type(exc).__name__
            raise ImportFailed(
                _("{file}: cannot be read ({reason})").format(file=label, reason=reason)
            ) from None
        nul = raw.find(b"\x00")
        if nul >= 0:
            raise _damaged(
                label,
                raw.count(b"\n", 0, nul) + 1,
                _("{file}, line {line}: a NUL byte; the file is damaged or not UTF-8 text"),
            )
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise _damaged(label, line, _("{file}, line {line}: not UTF-8 text")) from None

    def table(
        self, name: str, form: TableFormat, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Table | None:
        """The rows of file *name* (in any case), or None when the release lacks it."""
        if not self.has(name):
            return None
        return Table(name, self.text(name), form, required, optional, where=self.where(name))

    def close(self) -> None:
        """Close the zip, if the release is one."""
        if self._zip is not None:
            self._zip.close()


def _files_in(folder: Path) -> dict[str, str]:
    return {path.name: str(path) for path in folder.iterdir() if path.is_file()}


def _scan_folder(
    folder: Path, holds_release: Callable[[Mapping[str, str]], bool]
) -> dict[str, str]:
    """The files of *folder*, or of the one folder inside it that holds the release."""
    try:
        found = _files_in(folder)
        inner = sorted(
            path
            for path in folder.iterdir()
            if path.is_dir() and not path.name.startswith(".") and path.name not in _IGNORED_FOLDERS
        )
    except OSError as exc:
        raise ImportFailed(
            _("{source}: cannot be read ({reason})").format(
                source=str(folder), reason=exc.strerror or str(exc)
            )
        ) from None
    places = {"": found} if holds_release(found) else {}
    for path in inner:
        try:
            files = _files_in(path)
        except OSError:  # a folder that cannot be read holds no release we could import
            continue
        if holds_release(files):
            places[f"{path.name}/"] = files
    return _one_place(folder, places, found)


def _scan_zip(
    source: Path, archive: zipfile.ZipFile, holds_release: Callable[[Mapping[str, str]], bool]
) -> dict[str, str]:
    """The files at the zip's root or in the one of its folders that holds the release."""
    by_folder: dict[str, dict[str, str]] = {}
    for info in archive.infolist():
        parts = info.filename.split("/")
        if (
            info.is_dir()
            or len(parts) > 2
            or parts[0] in _IGNORED_FOLDERS
            or parts[-1].startswith("._")
        ):
            continue
        folder = f"{parts[0]}/" if len(parts) == 2 else ""
        by_folder.setdefault(folder, {})[parts[-1]] = info.filename
    places = {folder: files for folder, files in by_folder.items() if holds_release(files)}
    return _one_place(source, places, {})


def _one_place(
    source: Path, places: dict[str, dict[str, str]], otherwise: dict[str, str]
) -> dict[str, str]:
    """The files of the one place that holds a release, *otherwise* when none does.

    Raises ImportFailed naming the places when there are several: a zip or folder holding two
    releases is refused, not read half from one and half from the other, nor one unsaid.
    """
    if len(places) > 1:
        named = ", ".join(repr(place) if place else str(_("its top level")) for place in places)
        raise ImportFailed(
            _(
                "{source} holds more than one release: in {places}; import one at a time "
                "(unpack it and give one folder)"
            ).format(source=str(source), places=named)
        )
    return next(iter(places.values()), otherwise)


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
    optional_may_go: bool
    """A row may end before the optional columns (their values are then ""); else a row must
    hold every column read. A row that ends before a required column is damaged, either way.
    Without it, a line of nothing but spaces is blank."""


TAB_SEPARATED = TableFormat(
    "\t", quoted=False, fold_case=True, strip=" \r\n\ufeff", optional_may_go=False
)
"""O*NET's text files: a tab between fields, no quoting, every row as wide as the header."""
COMMA_SEPARATED = TableFormat(",", quoted=True, fold_case=False, strip=None, optional_may_go=True)
"""ESCO's CSV files: quoted fields may hold commas and line breaks; empty last fields may go."""


class Table:
    """One file's rows: the values of the columns asked for, found by their names in its header.

    Iterating gives, for each row, the values of the *required* then the *optional* columns
    ("" for an optional column the file lacks). Rows may end in CRLF or LF. A damaged row
    (cut short, a quote never closed, a field over the reader's limit) raises ImportFailed
    naming the file (*where*, else *name*) and the line the row starts on.
    """

    def __init__(
        self,
        name: str,
        text: str,
        form: TableFormat,
        required: Sequence[str],
        optional: Sequence[str] = (),
        *,
        where: str | None = None,
    ) -> None:
        """Raises :class:`WrongHeader`, naming the file and the columns expected and found,
        when a required column is missing."""
        self.name = name
        self.where = where or name
        self.form = form
        self._reader = csv.reader(
            io.StringIO(text, newline=""),
            delimiter=form.delimiter,
            quoting=csv.QUOTE_MINIMAL if form.quoted else csv.QUOTE_NONE,
            strict=form.quoted,  # a quote in the wrong place is an error, not garbled data
        )
        try:
            first = next(self._reader, [])
        except csv.Error as exc:
            raise self._unreadable(1, exc) from None
        header = [column.strip(form.strip).lstrip("\ufeff") for column in first]
        self.columns = header
        """The file's column names, in its order."""
        key: Callable[[str], str] = str.casefold if form.fold_case else str
        index = {key(column): position for position, column in enumerate(header)}
        missing = [column for column in required if key(column) not in index]
        if missing or not header:
            raise WrongHeader(name, required, [column for column in header if column])
        self._positions = [index.get(key(column)) for column in (*required, *optional)]
        needed = self._positions[: len(required)] if form.optional_may_go else self._positions
        self._needed = max(p for p in needed if p is not None) + 1
        """The fields a row must hold: a row with fewer is damaged."""

    def __iter__(self) -> Iterator[list[str]]:
        reader, strip, positions, needed = (
            self._reader,
            self.form.strip,
            self._positions,
            self._needed,
        )
        lines = reader.line_num  # the lines before the next row
        try:
            if self.form.optional_may_go:
                for record in reader:
                    width = len(record)
                    if width <= 1 and (not record or record == [""]):
                        lines = reader.line_num
                        continue
                    if width < needed:
                        raise self._short(lines + 1, width)
                    yield [
                        record[p].strip(strip) if p is not None and p < width else ""
                        for p in positions
                    ]
                    lines = reader.line_num
            else:
                for record in reader:
                    first = record[0] if record else ""
                    if (not first or first.isspace()) and all(
                        not value or value.isspace() for value in record
                    ):
                        lines = reader.line_num
                        continue
                    if len(record) < needed:
                        raise self._short(lines + 1, len(record))
                    yield [record[p].strip(strip) if p is not None else "" for p in positions]
                    lines = reader.line_num
        except csv.Error as exc:
            raise self._unreadable(lines + 1, exc) from None
        self.close()

    def _short(self, line: int, found: int) -> ImportFailed:
        self.close()
        message = ngettext(
            "{file}, line {line}: the row has {found} field where {needed} are needed; "
            "the file is damaged (a row cut short, or a stray line break)",
            "{file}, line {line}: the row has {found} fields where {needed} are needed; "
            "the file is damaged (a row cut short, or a stray line break)",
            found,
        )
        return _damaged(self.where, line, message, found=found, needed=self._needed)

    def _unreadable(self, line: int, exc: csv.Error) -> ImportFailed:
        self.close()
        reason = str(exc)
        message: Message
        if reason.startswith("field larger than field limit"):
            if self.form.quoted:
                message = _(
                    "{file}, line {line}: a field longer than {limit} characters: the file is "
                    "damaged, or a quote opened in this row is never closed"
                )
            else:
                message = _(
                    "{file}, line {line}: a field longer than {limit} characters; the file "
                    "is damaged"
                )
            return _damaged(self.where, line, message, limit=Number(csv.field_size_limit()))
        if reason == "unexpected end of data":
            message = _("{file}, line {line}: a quote opened in this row is never closed")
            return _damaged(self.where, line, message)
        if "expected after" in reason:  # strict reading: text after a closing quote
            message = _(
                "{file}, line {line}: a quote in this row is out of place or never closed "
                "({reason})"
            )
        else:
            message = _("{file}, line {line}: not a valid CSV row ({reason})")
        return _damaged(self.where, line, message, reason=reason)

    def close(self) -> None:
        """Let the file's text go (a large release holds tens of MB of it)."""
        self._reader = csv.reader(())


def _damaged(file: str, line: int, message: Message, **more: object) -> ImportFailed:
    return ImportFailed(message.format(file=file, line=line, **more))
