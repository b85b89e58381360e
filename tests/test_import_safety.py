"""Imports that never break or overwrite: damaged files, sources holding two releases, packs of
different ESCO releases, reserved names, and what ``--output`` refuses or means.

Each damaged file is made from the fixtures' real shapes by one change, and the line the
message must name is counted from where that change was made.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careerpath.data.importers.esco import import_esco
from careerpath.data.importers.onet import import_onet
from careerpath.errors import ImportFailed
from tests.conftest import FIXTURES, Run
from tests.fixtures import make_esco as esco

OLD, NEW = FIXTURES / "onet-old", FIXTURES / "onet-new"
ESCO_SAMPLE = Path("/work/shared/esco-sample")
LIMIT = csv.field_size_limit()

Damage = Callable[[bytes], tuple[bytes, int]]
"""Damages a file's bytes; returns them and the line the damage is on."""


def _insert(data: bytes, line: int, row: bytes) -> tuple[bytes, int]:
    """*row* inserted so that it starts line *line* (1 is the header's)."""
    lines = data.splitlines(keepends=True)
    return b"".join([*lines[: line - 1], row, *lines[line - 1 :]]), line


def _replace(data: bytes, old: bytes, new: bytes) -> tuple[bytes, int]:
    """The first *old* replaced by *new*, and the line it is on."""
    at = data.index(old)
    return data.replace(old, new, 1), data.count(b"\n", 0, at) + 1


def _append(data: bytes, row: bytes) -> tuple[bytes, int]:
    return data + row, len(data.splitlines()) + 1


ONET_DAMAGE: dict[str, tuple[str, Damage, str]] = {
    "a field over the CSV limit": (
        "Skills.txt",
        lambda data: _insert(
            data,
            3,
            b"43-9901.00\t2.A.1.b\t"
            + b"x" * (LIMIT + 1)
            + b"\tLV\t3.1\t8\t0.1\t3\t4\tN\tN\t08/2025\tInvented\r\n",
        ),
        "a field longer than",
    ),
    "a NUL byte": (
        "Skills.txt",
        lambda data: _replace(data, b"Team Guidance", b"Team\x00Guidance"),
        "a NUL byte",
    ),
    "text that is not UTF-8": (
        "Occupation Data.txt",
        lambda data: _replace(data, b"Help Desk Agents", b"Help Desk \xffAgents"),
        "not UTF-8 text",
    ),
    "a short row": (
        "Skills.txt",
        lambda data: _insert(data, 5, b"43-9901.00\t2.A.1.b\tCareful Listening\r\n"),
        "the row has 3 fields where 11 are needed",
    ),
}

_OCCUPATION = b"Occupation,http://data.europa.eu/esco/occupation/damaged,5244,"
ESCO_DAMAGE: dict[str, tuple[str, Damage, str]] = {
    "a quote opened and never closed": (
        "occupations_en.csv",
        lambda data: _append(data, _OCCUPATION + b'"never closed,,released\r\n'),
        "a quote opened in this row is never closed",
    ),
    "a quote never closed, then more rows": (
        "occupations_en.csv",
        lambda data: _insert(data, 2, _OCCUPATION + b'"never closed,,released\r\n'),
        "a quote in this row is out of place or never closed",
    ),
    "a quote never closed in a large file": (
        "occupations_en.csv",
        lambda data: _insert(
            data, 2, _OCCUPATION + b'"never closed\r\n' + b"more,\r\n" * (LIMIT // 6)
        ),
        "or a quote opened in this row is never closed",
    ),
    "a field over the CSV limit": (
        "skills_en.csv",
        lambda data: _insert(
            data,
            2,
            b"KnowledgeSkillCompetence,http://x/skill/long,," + b"y" * (LIMIT + 1) + b"\r\n",
        ),
        "a field longer than",
    ),
    "a NUL byte": (
        "occupations_en.csv",
        lambda data: _replace(data, b"phone supervisor", b"phone\x00supervisor"),
        "a NUL byte",
    ),
    "text that is not UTF-8": (
        "skills_en.csv",
        lambda data: _replace(data, b"workload forecasting", b"workload \xc3forecasting"),
        "not UTF-8 text",
    ),
    "a short row": (
        "occupations_en.csv",
        lambda data: _insert(data, 2, b"Occupation,http://data.europa.eu/esco/occupation/cut\r\n"),
        "the row has 2 fields where 14 are needed",
    ),
}


def _zip(folder: Path, archive: Path, inside: str = "") -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for path in sorted(folder.iterdir()):
            packed.write(path, inside + path.name)
    return archive


def _damaged_source(
    tmp_path: Path, release: Path, file: str, damage: Damage, as_zip: bool
) -> tuple[Path, str, int]:
    """A copy of *release* with *file* damaged, as a folder or a zip: the source, how messages
    name the damaged file, and the line the damage is on."""
    folder = tmp_path / "source" / release.name
    shutil.copytree(release, folder)
    damaged, line = damage((folder / file).read_bytes())
    (folder / file).write_bytes(damaged)
    if not as_zip:
        return folder, str(folder / file), line
    archive = _zip(folder, tmp_path / "source.zip")
    shutil.rmtree(tmp_path / "source")
    return archive, f"{archive}/{file}", line


def _nothing_written(tmp_path: Path, source: Path) -> None:
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        source.relative_to(tmp_path).parts[0]
    ]


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
@pytest.mark.parametrize("case", ONET_DAMAGE)
def test_a_damaged_onet_file_is_named_with_its_line(
    run: Run, tmp_path: Path, case: str, as_zip: bool
) -> None:
    file, damage, says = ONET_DAMAGE[case]
    source, where, line = _damaged_source(tmp_path, OLD, file, damage, as_zip)
    with pytest.raises(ImportFailed) as caught:
        import_onet(source)
    assert caught.value.message.startswith(f"{where}, line {line}: ")
    assert says in caught.value.message
    outcome = run("import", "onet", str(source), "--output", str(tmp_path / "out.json"))
    assert (outcome.exit_code, outcome.exception) == (1, None)
    assert f"{where}, line {line}: " in outcome.stderr and says in outcome.stderr
    assert "Traceback" not in outcome.stderr and outcome.stdout == ""
    _nothing_written(tmp_path, source)


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
@pytest.mark.parametrize("case", ESCO_DAMAGE)
def test_a_damaged_esco_file_is_named_with_its_line(
    run: Run, tmp_path: Path, case: str, as_zip: bool
) -> None:
    file, damage, says = ESCO_DAMAGE[case]
    pack = esco.write_folder(tmp_path / "made", "en")
    source, where, line = _damaged_source(tmp_path, pack, file, damage, as_zip)
    shutil.rmtree(tmp_path / "made")
    with pytest.raises(ImportFailed) as caught:
        import_esco([source])
    assert caught.value.message.startswith(f"{where}, line {line}: ")
    assert says in caught.value.message
    outcome = run("import", "esco", str(source), "--output", str(tmp_path / "out.json"))
    assert (outcome.exit_code, outcome.exception) == (1, None)
    assert f"{where}, line {line}: " in outcome.stderr and says in outcome.stderr
    assert "Traceback" not in outcome.stderr and outcome.stdout == ""
    _nothing_written(tmp_path, source)


def test_in_onet_files_a_quote_is_data_not_an_opening(tmp_path: Path) -> None:
    # O*NET's text files are not quoted: a lone quote is a character of the title, kept.
    folder = tmp_path / "release"
    shutil.copytree(OLD, folder)
    titles = folder / "Alternate Titles.txt"
    data = titles.read_bytes()
    assert b"\tCall Taker\t" in data
    titles.write_bytes(data.replace(b"\tCall Taker\t", b'\tCall "Taker\t', 1))
    aliases = [a for r in import_onet(folder).document["roles"] for a in r.get("aliases", [])]
    assert 'Call "Taker' in aliases and "Call Taker" not in aliases


def test_a_damaged_zip_member_is_an_error_not_a_traceback(run: Run, tmp_path: Path) -> None:
    archive = _zip(OLD, tmp_path / "db.zip")
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as packed:
        info = packed.getinfo("Skills.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 2, start + 40):  # the compressed bytes, not the headers
        data[offset] ^= 0xFF
    archive.write_bytes(bytes(data))
    outcome = run("import", "onet", str(archive), "--output", str(tmp_path / "out.json"))
    assert (outcome.exit_code, outcome.exception) == (1, None)
    assert f"{archive}/Skills.txt: cannot be read" in outcome.stderr
    assert not (tmp_path / "out.json").exists()


# --------------------------------------------------------------------------- two releases


def _zip_of(archive: Path, places: dict[str, Path]) -> Path:
    with zipfile.ZipFile(archive, "w") as packed:
        for inside, folder in places.items():
            for path in sorted(folder.iterdir()):
                packed.write(path, inside + path.name)
    return archive


@pytest.mark.parametrize(
    ("places", "named"),
    [
        ({"db_29_9_text/": OLD, "db_31_9_text/": NEW}, ["'db_29_9_text/'", "'db_31_9_text/'"]),
        ({"": OLD, "db_31_9_text/": NEW}, ["its top level", "'db_31_9_text/'"]),
    ],
)
def test_a_zip_holding_two_onet_releases_is_refused(
    run: Run, tmp_path: Path, places: dict[str, Path], named: list[str]
) -> None:
    archive = _zip_of(tmp_path / "two.zip", places)
    with pytest.raises(ImportFailed, match="holds more than one release") as caught:
        import_onet(archive)
    assert all(place in caught.value.message for place in named)
    outcome = run("import", "onet", str(archive), "--output", str(tmp_path / "out.json"))
    assert (outcome.exit_code, outcome.exception) == (1, None)
    assert all(place in outcome.stderr for place in named)
    assert not (tmp_path / "out.json").exists()


def test_a_folder_holding_two_unpacked_onet_releases_is_refused(tmp_path: Path) -> None:
    shutil.copytree(OLD, tmp_path / "downloads" / "db_29_9_text")
    shutil.copytree(NEW, tmp_path / "downloads" / "db_31_9_text")
    (tmp_path / "downloads" / "notes").mkdir()  # a folder without a release is no second one
    with pytest.raises(ImportFailed, match="'db_29_9_text/', 'db_31_9_text/'"):
        import_onet(tmp_path / "downloads")
    shutil.rmtree(tmp_path / "downloads" / "db_31_9_text")
    assert len(import_onet(tmp_path / "downloads").document["roles"]) == 6


def test_a_zip_holding_esco_packs_of_two_versions_is_refused(run: Run, tmp_path: Path) -> None:
    old = esco.write_folder(tmp_path / "made", "en", "1.1")
    new = esco.write_folder(tmp_path / "made", "en", "1.2")
    archive = _zip_of(tmp_path / "packs.zip", {f"{old.name}/": old, f"{new.name}/": new})
    outcome = run("import", "esco", str(archive), "--output", str(tmp_path / "out.json"))
    assert (outcome.exit_code, outcome.exception) == (1, None)
    assert "holds more than one release" in outcome.stderr
    assert f"'{old.name}/'" in outcome.stderr and f"'{new.name}/'" in outcome.stderr
    assert not (tmp_path / "out.json").exists()


# --------------------------------------------------------------------------- ESCO releases


def _dated(data: bytes, dates: dict[str, str], extra: str | None = None) -> bytes:
    """An occupations file with each occupation's modifiedDate from *dates* (and a column
    *extra* added, empty)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header = rows[0] + ([extra] if extra else [])
    at = header.index("modifiedDate")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows[1:]:
        row = row + ([""] if extra else [])
        row[at] = dates[row[header.index("conceptUri")]]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _pack(
    parent: Path, name: str, lang: str, dates: dict[str, str], extra: str | None = None
) -> Path:
    """A pack in a folder whose name says nothing of its version."""
    folder = parent / name
    folder.mkdir(parents=True)
    for file, data in esco.pack_files(lang, "1.1").items():
        if file.startswith("occupations_"):
            data = _dated(data, dates, extra)
        (folder / file).write_bytes(data)
    return folder


DATES = {
    uri: f"2021-12-{day:02d}T18:00:38.694Z" for day, (uri, *_) in enumerate(esco.OCCUPATIONS, 1)
}


def test_packs_of_one_release_combine_whatever_their_folders_are_called(tmp_path: Path) -> None:
    packs = [_pack(tmp_path, "a", "en", DATES), _pack(tmp_path, "b", "fi", DATES)]
    result = import_esco(packs)
    assert result.report.languages == ["en", "fi"]


def test_packs_whose_occupations_were_modified_on_other_dates_are_refused(
    run: Run, tmp_path: Path
) -> None:
    later = {**DATES, esco.SUPERVISOR: "2024-02-23T08:19:23.514Z"}
    english, finnish = _pack(tmp_path, "a", "en", DATES), _pack(tmp_path, "b", "fi", later)
    outcome = run(
        "import", "esco", str(english), str(finnish), "--output", str(tmp_path / "o.json")
    )
    assert (outcome.exit_code, outcome.exception) == (1, None)
    assert "the packs are of different ESCO releases" in outcome.stderr
    assert esco.SUPERVISOR in outcome.stderr
    assert DATES[esco.SUPERVISOR] in outcome.stderr and later[esco.SUPERVISOR] in outcome.stderr
    assert str(english) in outcome.stderr and str(finnish) in outcome.stderr
    assert not (tmp_path / "o.json").exists()


def test_packs_whose_files_have_other_columns_are_refused(tmp_path: Path) -> None:
    english = _pack(tmp_path, "a", "en", DATES)
    finnish = _pack(tmp_path, "b", "fi", DATES, extra="naceCode")
    with pytest.raises(ImportFailed, match="different ESCO releases") as caught:
        import_esco([english, finnish])
    assert "'naceCode'" in caught.value.message and "occupations_fi.csv" in caught.value.message


def _sample_copy(tmp_path: Path, version: str, name: str) -> Path:
    return Path(shutil.copytree(ESCO_SAMPLE / version, tmp_path / name))


@pytest.mark.skipif(not ESCO_SAMPLE.is_dir(), reason="the ESCO sample is not on this machine")
def test_sample_packs_of_two_releases_are_told_apart_by_their_content(
    run: Run, tmp_path: Path
) -> None:
    older = _sample_copy(tmp_path, "v1.1.1", "pack-one")
    newer = _sample_copy(tmp_path, "v1.2.0", "pack-two")
    outcome = run("import", "esco", str(older), str(newer), "--output", str(tmp_path / "o.json"))
    assert (outcome.exit_code, outcome.exception) == (1, None)
    assert "the packs are of different ESCO releases" in outcome.stderr
    assert not (tmp_path / "o.json").exists()
    french = _sample_copy(tmp_path, "v1.1.1-fr", "pack-three")
    same = run("import", "esco", str(older), str(french), "--output", str(tmp_path / "o.json"))
    assert same.exit_code == 0, same.stderr


# --------------------------------------------------------------------------- --name


@pytest.fixture
def never_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any import that starts fails the test: what is refused is refused before it."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the import ran before its target was checked")

    monkeypatch.setattr("careerpath.data.importers.onet.import_onet", refuse)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("builtin", "is reserved: --data 'builtin' means the built-in dataset"),
        ("Builtin", "is reserved: --data 'Builtin' means the built-in dataset"),
        ("-", "is reserved: it means standard input"),
        ("team/onet", "looks like a path"),
        ("..", "looks like a path"),
        ("../onet", "looks like a path"),
        ("onet.json", "looks like a path"),
        ("onet.yaml", "looks like a path"),
        (".onet", "looks like a path"),
        ("~onet", "looks like a path"),
        ("on..et", "looks like a path"),
        ("o" * 65, "is not a usable name"),
        ("on et", "is not a usable name"),
        ("", "is not a usable name"),
    ],
)
def test_a_reserved_or_path_like_name_is_refused(
    run: Run, never_imported: None, name: str, says: str
) -> None:
    outcome = run("import", "onet", str(OLD), "--name", name)
    assert (outcome.exit_code, outcome.exception) == (2, None)
    assert f"--name: {name!r} " in outcome.stderr and says in outcome.stderr
    datasets = Path(os.environ["CAREERPATH_DATA_DIR"]) / "datasets"
    assert not datasets.exists() or list(datasets.iterdir()) == []


# --------------------------------------------------------------------------- --output


def _device() -> Path:
    device = Path(os.devnull)
    if not stat.S_ISCHR(device.stat().st_mode):
        pytest.skip("no character device to try")
    return device


def _what(path: Path) -> tuple[Any, ...]:
    """What is at *path*, to check it is left as it was."""
    status = path.lstat()
    link = os.readlink(path) if stat.S_ISLNK(status.st_mode) else None
    content = path.read_bytes() if stat.S_ISREG(status.st_mode) else None
    return stat.S_IFMT(status.st_mode), link, content


OUTPUT_KINDS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a folder": (
        lambda tmp: _made(tmp / "out", lambda p: p.mkdir()),
        "{file} is a directory",
    ),
    "a FIFO": (
        lambda tmp: _made(tmp / "pipe", os.mkfifo),
        "{file} is not a regular file: it is a named pipe (FIFO)",
    ),
    "a device": (lambda tmp: _device(), "{file} is not a regular file: it is a device"),
    "a link to a file": (
        lambda tmp: _made(tmp / "link.json", lambda p: p.symlink_to(_file(tmp / "real.json"))),
        "{file} is a symbolic link (to {tmp}/real.json); give the file itself",
    ),
    "a link to nothing": (
        lambda tmp: _made(tmp / "link.json", lambda p: p.symlink_to(tmp / "nowhere.json")),
        "{file} is a symbolic link (to {tmp}/nowhere.json)",
    ),
    "a link to a folder": (
        lambda tmp: _made(tmp / "link", lambda p: p.symlink_to(tmp, target_is_directory=True)),
        "{file} is a symbolic link (to {tmp})",
    ),
}


def _made(path: Path, make: Callable[[Path], Any]) -> Path:
    make(path)
    return path


def _file(path: Path) -> Path:
    path.write_text("theirs\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("force", [False, True], ids=["", "--force"])
@pytest.mark.parametrize("kind", OUTPUT_KINDS)
def test_output_refuses_what_is_not_a_regular_file_or_a_new_name(
    run: Run, tmp_path: Path, never_imported: None, kind: str, force: bool
) -> None:
    make, says = OUTPUT_KINDS[kind]
    target = make(tmp_path)
    before = {path: _what(path) for path in [target, *tmp_path.iterdir()]}
    outcome = run("import", "onet", str(OLD), "--output", str(target), *(["--force"] * force))
    assert (outcome.exit_code, outcome.exception) == (2, None)
    assert says.format(file=target, tmp=tmp_path) in outcome.stderr
    assert {path: _what(path) for path in [target, *tmp_path.iterdir()]} == before


def test_output_in_a_folder_that_does_not_exist_is_refused_before_importing(
    run: Run, tmp_path: Path, never_imported: None
) -> None:
    target = tmp_path / "missing" / "onet.json"
    outcome = run("import", "onet", str(OLD), "--output", str(target))
    assert (outcome.exit_code, outcome.exception) == (2, None)
    assert f"cannot write {target}: there is no folder {target.parent}" in outcome.stderr


def test_output_dash_is_standard_output(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    written = run("import", "onet", str(OLD), "--output", "written.json")
    assert written.exit_code == 0, written.stderr
    piped = run("import", "onet", str(OLD), "--output", "-")
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == (tmp_path / "written.json").read_text(encoding="utf-8")
    assert "Wrote the dataset to standard output." in piped.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["written.json"]
