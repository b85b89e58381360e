"""The cold path made faster, not different: the store holds the same rows as a plain writer
would put there, and the quick checks of names, texts, languages and requirements agree with
the plain ones they stand in front of (same values, same messages)."""

from __future__ import annotations

import marshal
import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.data import cache as cache_module
from careerpath.data import models, store
from careerpath.data.checks import _Merger
from careerpath.data.items import FileReport, Item
from careerpath.data.ladder import Ladder, languages_of
from careerpath.data.load import check_document, load
from careerpath.data.models import Role, Skill, SkillRequirement, SkillScale, Source, Step, text_in
from careerpath.data.payload import encode_records, fields_mask, replaced
from careerpath.data.sources import Locator, SourceText
from tests.conftest import FIXTURES, minimal_document
from tests.test_cache import assert_same_ladder, entries, write_document

# -- the store: every row as a plain writer makes it -------------------------------------------


def reference_rows(ladder: Ladder, key: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows as the simplest writer would insert them: each value bound as it is
    (None as NULL, a boolean as 0 or 1), one row at a time, into the store's own schema."""
    db = sqlite3.connect(":memory:")
    db.executescript(store._SCHEMA)

    def insert(table: str, rows: list[tuple[Any, ...]]) -> None:
        for row in rows:
            db.execute(f"INSERT INTO {table} VALUES ({', '.join('?' * len(row))})", row)

    def record(model: Any, value: Any) -> bytes:
        return marshal.dumps(encode_records(model, [value]))

    import json

    from careerpath.version import __version__

    insert(
        "dataset",
        [
            ("name", ladder.name),
            ("description", ladder.description),
            ("version", ladder.version),
            ("attribution", ladder.attribution),
            ("licence", ladder.licence),
            ("files", json.dumps(list(ladder.files))),
            ("key", key.hex()),
            ("careerpath", __version__),
            ("format", str(store.STORE_FORMAT)),
            ("records", "yes"),
        ],
    )
    scales = [("skill", ladder.scale)]
    if ladder.importance_scale is not None:
        scales.append(("importance", ladder.importance_scale))
    insert("scales", [(kind, s.min, s.max, record(SkillScale, s)) for kind, s in scales])
    levels = []
    for kind, scale in scales:
        for language, rubric in [(None, scale.rubric), *scale.rubric_translations.items()]:
            levels += [
                (kind, level, language, meaning) for level, meaning in sorted(rubric.items())
            ]
    insert("scale_levels", levels)
    insert(
        "sources",
        [
            (s.id, position, s.title, s.url, s.licence, record(Source, s))
            for position, s in enumerate(ladder.sources.values())
        ],
    )

    def names(owner: str, kind: str, value: Any) -> list[tuple[Any, ...]]:
        return [
            (owner, kind, code, text)
            for code, text in [
                ("en", value.en),
                ("fi", value.fi),
                ("nb", value.nb),
                *value.other.items(),
            ]
            if text
        ]

    skill_names = []
    for position, skill in enumerate(ladder.skills.values()):
        row = (skill.id, position, skill.name.en, skill.group, skill.uri, skill.description)
        insert("skills", [(*row, record(Skill, skill))])
        skill_names += names(skill.id, "name", skill.name)
        skill_names += [(skill.id, "alias", None, alias) for alias in skill.aliases]
    insert("skill_names", skill_names)
    requirements, tools, role_names = [], [], []
    for position, role in enumerate(ladder.roles.values()):
        head = marshal.dumps((languages_of(role.title), languages_of(role.track)))
        insert(
            "roles",
            [
                (
                    role.id,
                    position,
                    role.title.en,
                    role.level,
                    text_in(role.track, "en"),
                    role.uri,
                    text_in(role.summary, "en") or None,
                    head,
                    record(Role, replaced(role, skills=[])),
                )
            ],
        )
        requirements += [
            (
                role.id,
                r.skill,
                r.level,
                r.essential,
                r.importance,
                r.low_precision,
                r.level_se,
                mask,
            )
            for r in role.skills
            for mask in [fields_mask(r)]
        ]
        tools += [
            (role.id, t.name, text_in(t.category, "en"), t.hot, t.in_demand) for t in role.tools
        ]
        role_names += names(role.id, "title", role.title)
        role_names += [(role.id, "alias", None, alias) for alias in role.aliases]
        role_names += [(role.id, "hidden", None, hidden) for hidden in role.hidden_names]
    insert("requirements", requirements)
    insert("tools", tools)
    insert("role_names", role_names)
    insert(
        "steps",
        [
            (
                position,
                step.source_role,
                step.target_role,
                str(step.kind),
                None if step.note is None else text_in(step.note, "en"),
                record(Step, step),
            )
            for position, step in enumerate(ladder.steps)
        ],
    )
    insert("blobs", [("steps", marshal.dumps(encode_records(Step, list(ladder.steps))))])
    found = every_row(db)
    db.close()
    return found


def every_row(db: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows in the order they were written, each value with its SQLite type (so
    1 and 1.0, '' and NULL, are told apart)."""
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    found = {}
    for table in tables:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        typed = ", ".join(f"typeof({c}), {c}" for c in columns)
        rows = db.execute(f"SELECT {typed} FROM {table} ORDER BY rowid").fetchall()
        found[table] = [tuple(map(_readable, row)) for row in rows]
    return found


def _readable(value: Any) -> Any:
    """A record as what it holds: marshal's bytes for equal values can differ (it marks an
    object referenced twice, which depends on who else holds it), its values cannot. The
    repr tells 3 from 3.0 and True from 1."""
    return repr(marshal.loads(value)) if isinstance(value, bytes) else value


def written_rows(ladder: Ladder, key: bytes, tmp_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the store careerpath writes for *ladder* (as a cold command writes it)."""
    target = tmp_path / "store.ladder"
    store.write(ladder, key, target, prefix=".tmp-", suffix=".ladder")
    db = sqlite3.connect(target)
    try:
        assert db.execute("PRAGMA user_version").fetchone() == (store.STORE_FORMAT,)
        assert db.execute("PRAGMA application_id").fetchone() == (store.APPLICATION_ID,)
        indexes = {
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            if not name.startswith("sqlite_autoindex")
        }
        assert indexes == set(re.findall(r"CREATE INDEX (\w+)", store._INDEXES))
        return every_row(db)
    finally:
        db.close()


def assert_rows_as_a_plain_writer_makes_them(ladder: Ladder, tmp_path: Path) -> None:
    key = bytes(range(32))
    expected = reference_rows(ladder, key)
    found = written_rows(ladder, key, tmp_path)
    assert list(found) == list(expected)
    for table, rows in expected.items():
        assert found[table] == rows, table


@pytest.mark.parametrize("data", ["builtin", str(FIXTURES / "measured.yaml")])
def test_the_store_holds_the_rows_a_plain_writer_would(data: str, tmp_path: Path) -> None:
    ladder = load([data], cache=False)
    assert_rows_as_a_plain_writer_makes_them(ladder, tmp_path)


_name = st.sampled_from(["Agent", "Lead", " Analyst ", "Chief", "Ｃａｆé", "Cafe\u0301"])
_names = st.fixed_dictionaries(
    {"en": _name},
    optional={"fi": _name, "nb": _name, "fr": _name, "no": _name},
)
_local = st.one_of(_name, _names)
_number = st.sampled_from([1, 2, 3, 2.0, 2.5, 1.25, 4.75])


@st.composite
def rich_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A data file with every optional part present or absent, in every shape: names in other
    languages, requirements with or without level, essential flag, importance, low precision
    and standard error, tools with or without flags, summaries plain or by language."""
    skill_count = draw(st.integers(1, 5))
    skills = []
    for index in range(skill_count):
        skill: dict[str, Any] = {"id": f"skill-{index}", "name": draw(_names)}
        for field, values in (
            ("description", _name),
            ("aliases", st.lists(_name, max_size=2)),
            ("group", st.sampled_from(["essential", "transferable"])),
            ("uri", st.just(f"http://example.org/skill/{index}")),
        ):
            if draw(st.booleans()):
                skill[field] = draw(values)
        skills.append(skill)
    roles = []
    for index in range(draw(st.integers(1, 5))):
        role: dict[str, Any] = {
            "id": f"role-{index}",
            "title": draw(_names),
            "level": draw(st.integers(0, 4)),
        }
        requirements = []
        for chosen in sorted(draw(st.sets(st.integers(0, skill_count - 1)))):
            requirement: dict[str, Any] = {"skill": f"skill-{chosen}"}
            for field, values in (
                ("level", _number),
                ("essential", st.booleans()),
                ("importance", _number),
                ("low_precision", st.booleans()),
                ("level_se", st.sampled_from([0, 0.25, 1.0])),
            ):
                if draw(st.booleans()):
                    requirement[field] = draw(values)
            requirements.append(requirement)
        if requirements or draw(st.booleans()):
            role["skills"] = requirements
        for field, values in (
            ("aliases", st.lists(_name, max_size=2, unique=True)),
            ("hidden_names", st.lists(_name, max_size=2)),
            ("summary", _local),
            ("track", _local),
            ("uri", st.just(f"http://example.org/role/{index}")),
            (
                "tools",
                st.lists(
                    st.fixed_dictionaries(
                        {"name": _name, "category": _local},
                        optional={"hot": st.booleans(), "in_demand": st.booleans()},
                    ),
                    max_size=2,
                ),
            ),
        ):
            if draw(st.booleans()):
                role[field] = draw(values)
        roles.append(role)
    pairs = [(a, b) for a in range(len(roles)) for b in range(len(roles)) if a != b]
    steps = [
        {"from": f"role-{a}", "to": f"role-{b}", "kind": "lateral", "note": draw(_local)}
        for a, b in (draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else [])
    ]
    return {
        "skill_scale": {"min": 0, "max": 5, "rubric": {1: "Aware."}},
        "importance_scale": {"min": 1, "max": 5},
        "sources": [{"id": "survey", "title": "A survey"}],
        "skills": skills,
        "roles": roles,
        "steps": steps,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=rich_documents())
def test_any_dataset_is_stored_as_a_plain_writer_would_store_it(
    document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    ladder = check_document(document, "generated.json")
    assert_rows_as_a_plain_writer_makes_them(ladder, tmp_path_factory.mktemp("store"))


# -- texts and names: the quick checks give what the plain ones give ---------------------------


_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def plain_clean_text(value: str) -> str:
    match = _FORBIDDEN.search(value)
    if match is not None:
        char = match.group()
        name = unicodedata.name(char, "control character")
        problem = f"U+{ord(char):04X} ({name}) at character {match.start() + 1}"
        raise ValueError(f"contains a control or invisible character: {problem}")
    value = unicodedata.normalize("NFC", value).strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def plain_clean_line(value: str) -> str:
    value = plain_clean_text(value)
    if "\n" in value or "\t" in value:
        raise ValueError("must be a single line")
    return value


def outcome(check: Any, value: str) -> tuple[str, str]:
    try:
        return "value", check(value)
    except ValueError as exc:
        return "error", str(exc)


_awkward_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                *" \t\n\r\x0b\x0c\x1b\x7f\x85\xa0\u200b\u200e\u202e\u2028\u3000\ufeff",
                *("e\u0301", "\u212b", "\u1e9b\u0323", "\ufb01", "A\u030a", "a"),
            ]
        ),
        st.characters(),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(value=_awkward_text)
def test_names_and_texts_are_cleaned_as_the_plain_checks_clean_them(value: str) -> None:
    assert outcome(models._clean_line, value) == outcome(plain_clean_line, value)
    assert outcome(models._clean_text, value) == outcome(plain_clean_text, value)


def plain_gather(value: Any) -> Any:
    if not isinstance(value, dict) or "other" in value:
        return value
    fixed, other = {}, {}
    for key, name in value.items():
        code = models.LANGUAGE_ALIASES.get(key, key) if isinstance(key, str) else key
        if code in models.LANGUAGES or not (
            isinstance(code, str) and models.LANGUAGE_CODE.match(code)
        ):
            fixed[code] = name
        else:
            other[code] = name
    if other:
        fixed["other"] = other
    return fixed


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(
        st.dictionaries(
            st.one_of(
                st.sampled_from(["en", "fi", "nb", "no", "fr", "other", "EN", "x"]), st.integers()
            ),
            st.text(max_size=3),
            max_size=5,
        ),
        st.text(max_size=3),
        st.none(),
    )
)
def test_names_by_language_are_gathered_as_before(value: Any) -> None:
    gathered = models._gather_languages(value)
    expected = plain_gather(value)
    assert gathered == expected
    if isinstance(expected, dict):
        assert list(gathered) == list(expected)  # the same order of fields, so of errors


# -- requirements: the quick pass lets through only what the full check finds sound ---------


@st.composite
def requirement_lists(draw: st.DrawFn) -> list[SkillRequirement]:
    found = []
    for _ in range(draw(st.integers(0, 6))):
        fields: dict[str, Any] = {"skill": draw(st.sampled_from(["a", "b", "c", "unknown"]))}
        if draw(st.booleans()):
            fields["level"] = draw(st.sampled_from([-1, 0, 1, 2.5, 5, 5.0, 6, 7.25]))
        if draw(st.booleans()):
            fields["importance"] = draw(st.sampled_from([0, 1, 3.5, 5, 6]))
        found.append(SkillRequirement.model_validate(fields))
    return found


@settings(max_examples=300, deadline=None)
@given(
    requirements=requirement_lists(),
    scale=st.sampled_from([None, SkillScale(min=0, max=5), SkillScale(min=1, max=7)]),
    importance_scale=st.sampled_from([None, SkillScale(min=1, max=5)]),
)
def test_the_quick_requirement_pass_agrees_with_the_full_check(
    requirements: list[SkillRequirement],
    scale: SkillScale | None,
    importance_scale: SkillScale | None,
) -> None:
    source = SourceText("data.yaml", "roles: []\n")
    report = FileReport(source, Locator(source.text))
    merger = _Merger([report], warnings=False)
    merger.scale, merger.importance_scale = scale, importance_scale
    item = Item(None, "data.yaml", ("roles", 0))
    merger._check_requirements(item, list(enumerate(requirements)), {"a", "b", "c"})
    assert merger._requirements_pass(requirements, {"a", "b", "c"}) == (not merger.problems)


# -- the data file is read and hashed once on the cold path, and a change is still caught ------


@pytest.fixture
def settled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory, with data files counted as settled as soon as they are written (as
    one written more than two seconds before a command is)."""
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_module, "SETTLE_NS", 0)
    return tmp_path / "cache"


def test_a_settled_data_file_is_hashed_once_on_the_cold_path(
    settled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    hashed = []
    key = cache_module._key

    def counted(*args: Any, **kwargs: Any) -> Any:
        hashed.append(args)
        return key(*args, **kwargs)

    monkeypatch.setattr(cache_module, "_key", counted)
    load([str(data)])
    assert len(hashed) == 1
    assert len(entries(settled)) == 1
    entry = cache_module.LadderCache.open([str(data)])
    assert entry is not None
    cached = entry.get()
    assert cached is not None
    assert_same_ladder(cached, load([str(data)], cache=False))


def test_a_settled_data_file_changed_while_it_loads_is_not_cached(
    settled: Path, tmp_path: Path
) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    entry = cache_module.LadderCache.open([str(data)])
    assert entry is not None and entry.finder is not None  # known by its status
    ladder = load([str(data)], cache=False)
    changed = minimal_document()
    changed["name"] = "changed meanwhile"
    write_document(data, changed)
    entry.put(ladder)
    assert entries(settled) == []
    assert load([str(data)]).name == "changed meanwhile"


# -- shared requirements: one instance stands for equal ones, never for different ones -------

_REQUIREMENT_DEFAULTS = {
    "level": None,
    "essential": None,
    "importance": None,
    "low_precision": False,
    "level_se": None,
}


def _as_given(requirement: dict[str, Any]) -> dict[str, Any]:
    """A requirement of a document with every field, as loading it must give it back."""
    return {
        field: requirement.get(field, default) for field, default in _REQUIREMENT_DEFAULTS.items()
    }


def _as_loaded(requirement: SkillRequirement) -> dict[str, Any]:
    return {field: getattr(requirement, field) for field in _REQUIREMENT_DEFAULTS}


def _given(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each role's requirements as the document gives them (read before a load consumes it)."""
    return {
        role["id"]: [_as_given(requirement) for requirement in role.get("skills") or []]
        for role in document["roles"]
    }


def _assert_requirements_as_given(
    expected: dict[str, list[dict[str, Any]]], ladder: Ladder
) -> None:
    for role_id, as_given in expected.items():
        loaded = [_as_loaded(requirement) for requirement in ladder.roles[role_id].skills]
        assert loaded == as_given, role_id
        for one, other in zip(loaded, as_given, strict=True):  # 3 and 3.0 kept apart
            assert [type(value) for value in one.values()] == [
                type(float(value)) if field == "level_se" and value is not None else type(value)
                for field, value in other.items()
            ]


def test_requirements_that_differ_only_in_margin_or_relation_are_kept_apart(
    tmp_path: Path,
) -> None:
    document = minimal_document()
    document["skills"] = [{"id": "a", "name": {"en": "A"}}]
    document["roles"] = [
        {"id": f"r{n}", "title": {"en": f"R{n}"}, "level": 1, "skills": [requirement]}
        for n, requirement in enumerate(
            [
                {"skill": "a", "level": 2.5, "level_se": 0.1},
                {"skill": "a", "level": 2.5, "level_se": 0.9},
                {"skill": "a", "level": 3, "essential": True},
                {"skill": "a", "level": 3, "essential": False},
                {"skill": "a", "level": 3},
                {"skill": "a", "level": 3, "level_se": 0.5},
            ]
        )
    ]
    document["steps"] = []
    expected = _given(document)
    write_document(tmp_path / "margins.yaml", document)
    _assert_requirements_as_given(expected, check_document(document, "margins.yaml"))
    load([str(tmp_path / "margins.yaml")])  # writes the store
    stored = load([str(tmp_path / "margins.yaml")])  # reads it
    _assert_requirements_as_given(expected, stored)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=rich_documents())
def test_every_requirement_loads_as_its_document_gives_it(document: dict[str, Any]) -> None:
    expected = _given(document)
    _assert_requirements_as_given(expected, check_document(document, "generated.json"))
