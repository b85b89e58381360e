"""``careerpath import esco``: each mapping rule and quirk, on invented ESCO-format packs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from careerpath.data.importers.esco import STATEMENT, gendered_forms, import_esco, isco_level
from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.data.models import Names
from careerpath.errors import ImportFailed, WrongHeader
from careerpath.queries.gaps import skill_gap
from careerpath.queries.measure import ESSENTIAL_WEIGHT, OPTIONAL_WEIGHT, readiness, skill_weights
from tests.conftest import Run
from tests.fixtures import make_esco as esco
from tests.fixtures.make_esco import write_folder, write_zip

SAMPLE = Path("/work/shared/esco-sample")


def _role(document: dict[str, Any], code: str) -> dict[str, Any]:
    return next(role for role in document["roles"] if role["id"] == code)


def _skill_names(document: dict[str, Any]) -> dict[str, str]:
    return {skill["id"]: skill["name"]["en"] for skill in document["skills"]}


@pytest.fixture
def packs(tmp_path: Path) -> list[Path]:
    """An English pack (1.1 layout, folder) and a Finnish one (zip)."""
    return [write_folder(tmp_path, "en"), write_zip(tmp_path, "fi")]


@pytest.fixture
def dataset(tmp_path: Path, packs: list[Path], run: Run) -> Path:
    target = tmp_path / "esco.json"
    outcome = run("import", "esco", *map(str, packs), "--output", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    return target


# --------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("group", "level"),
    [
        ("1439", 4),
        ("2512", 4),
        ("3341", 3),
        ("4110", 2),
        ("5244", 2),
        ("6111", 2),
        ("7411", 2),
        ("8322", 2),
        ("9112", 1),
        ("0110", 4),
        ("0210", 2),
        ("0310", 1),
    ],
)
def test_level_is_the_isco_skill_level_of_the_major_group(group: str, level: int) -> None:
    found = isco_level(group)
    assert found is not None and found[0] == level
    assert "ISCO-08 skill level" in found[1]


def test_levels_of_imported_roles_follow_their_isco_group(packs: list[Path]) -> None:
    document = import_esco(packs).document
    for uri, group, code, *_ in esco.OCCUPATIONS:
        role = _role(document, code)
        expected = isco_level(group)
        assert expected is not None
        assert (role["level"], role["level_rule"]) == expected, code
        assert role["uri"] == uri
    # codes beginning with 0 stay strings, whole
    assert _role(document, "0110.1")["level"] == 4
    assert _role(document, "0210.1")["level"] == 2


def test_track_is_the_isco_group_with_its_label(packs: list[Path]) -> None:
    document = import_esco(packs).document
    # In each language a pack labels the group in (the Finnish pack's labels end in "(fi)").
    assert _role(document, "5244.1")["track"] == {
        "en": "5244 Contact centre salespersons",
        "fi": "5244 Contact centre salespersons (fi)",
    }
    english = import_esco(packs[:1]).document
    assert _role(english, "0110.1")["track"] == "0110 Commissioned armed forces officers"


# --------------------------------------------------------------------------- skills


def test_relations_become_levelless_requirements_with_the_relation_kept(
    packs: list[Path],
) -> None:
    result = import_esco(packs)
    document = result.document
    ids = {uri: skill["id"] for skill in document["skills"] for uri in [skill["uri"]]}
    codes = {uri: code for uri, _, code, *_ in esco.OCCUPATIONS}
    expected: dict[str, dict[str, bool]] = {}
    for occupation, relation, skill in esco.RELATIONS:
        if occupation in codes and skill in ids:
            expected.setdefault(codes[occupation], {})[ids[skill]] = relation == "essential"
    for code, skills in expected.items():
        role = _role(document, code)
        assert {req["skill"]: req["essential"] for req in role["skills"]} == skills
        assert all("level" not in req for req in role["skills"])
    report = result.report
    assert report.requirements == sum(len(skills) for skills in expected.values())
    assert report.essential == sum(flag for s in expected.values() for flag in s.values())
    assert sum(report.dangling.values()) == esco.DANGLING_RELATIONS + 1  # + the broader row


def test_skill_type_kept_and_empty_allowed(packs: list[Path]) -> None:
    document = import_esco(packs).document
    by_uri = {skill["uri"]: skill for skill in document["skills"]}
    for uri, kind, _, _ in esco.SKILLS:
        assert by_uri[uri].get("group", "") == kind


def test_show_json_marks_essential_skills(dataset: Path, run: Run) -> None:
    card = run("--data", str(dataset), "show", "phone agent", "--json").json()
    flags = {skill["name"]: skill["essential"] for skill in card["skills"]}
    assert flags == {"listen actively": True, "speak on the phone": True, "route calls": False}
    assert all(skill["level"] is None for skill in card["skills"])
    assert card["attribution"].startswith(STATEMENT)
    assert "modified version of ESCO v1.1.1" in card["attribution"]
    text = run("--data", str(dataset), "show", "phone agent").stdout
    assert "essential" in text and "optional" in text and STATEMENT in " ".join(text.split())
    assert "ISCO-08 skill level of major group 5" in " ".join(text.split())


def test_gap_is_to_learn_or_held_and_readiness_weighs_essential_skills(
    dataset: Path, run: Run
) -> None:
    doc = run("--data", str(dataset), "gap", "phone agent", "phone supervisor", "--json").json()
    lines = {line["name"]: line for line in doc["skills"]}
    assert lines["workload forecasting"]["change"] == "new"
    assert lines["listen actively"]["change"] == "kept"
    assert lines["route calls"]["essential"] is True
    assert all(line["from_level"] is None and line["to_level"] is None for line in lines.values())
    assert {line["change"] for line in lines.values()} <= {"new", "kept", "perhaps_held"}
    # Recomputed by hand: the supervisor asks 4 essential (listen, route, forecast, train) and
    # 1 optional (phone); the agent holds listen and phone (essential to it) and perhaps route
    # (optional to it: not counted).
    assert lines["route calls"]["change"] == "perhaps_held"
    held = ESSENTIAL_WEIGHT + OPTIONAL_WEIGHT  # listen essential, phone optional
    total = 4 * ESSENTIAL_WEIGHT + OPTIONAL_WEIGHT
    assert doc["readiness"] == round(held / total, 4)
    assert doc["tools"]["learn"] is None
    assert any(note["code"] == "tools_unknown" for note in doc["notes"])
    assert any("does not say which tools" in note["text"] for note in doc["notes"])
    text = run("--data", str(dataset), "gap", "phone agent", "phone supervisor").stdout
    assert "to learn" in text and "held" in text
    assert "lists no career steps" in text and "No chain of steps" not in text
    assert "2 of 5 skills held, 3 to learn (1 perhaps held)" in " ".join(text.split())


def test_readiness_weights_are_the_documented_ones(dataset: Path) -> None:
    ladder = load([str(dataset)], cache=False)
    manager = ladder.roles["1439.3"]
    weights = skill_weights(manager)
    assert sorted(weights.values()) == [ESSENTIAL_WEIGHT] * 3
    have = {"listen-actively": 1.0, "keep-budgets": 1.0}
    # keep-budgets (essential, 2) and listen-actively (optional, 1) of 3 × 2 + 2 × 1
    assert readiness(have, manager.skill_levels(), weights) == pytest.approx(3 / 8)
    agent = ladder.roles["5244.1"]
    gap = skill_gap(ladder, agent, manager)
    # listen (optional to the manager); route, optional to the agent, is only perhaps held
    assert gap.readiness == pytest.approx(1 / 8)


# --------------------------------------------------------------------------- names


def test_hidden_labels_find_the_role_and_are_never_shown(dataset: Path, run: Run) -> None:
    found = run("--data", str(dataset), "show", "phone monkey", "--json").json()
    assert found["id"] == "5244.1"
    assert "phone monkey" not in json.dumps(found)
    assert "phone monkey" not in run("--data", str(dataset), "show", "5244.1").stdout
    assert run("--data", str(dataset), "show", "hub boss", "--json").json()["id"] == "1439.3"
    searched = run("--data", str(dataset), "roles", "--search", "phone monkey", "--json").json()
    assert [row["id"] for row in searched["roles"]] == ["5244.1"]
    assert "monkey" not in json.dumps(searched["roles"])


def test_alternative_labels_are_aliases(dataset: Path, run: Run) -> None:
    card = run("--data", str(dataset), "show", "helpline agent", "--json").json()
    assert card["id"] == "5244.1"
    assert card["aliases"][:2] == ["phone operative", "helpline agent"]
    assert "asiakaspuhelija" in card["aliases"]  # the Finnish one, after the English ones


def test_gendered_label_is_one_title_found_by_each_form(dataset: Path, run: Run) -> None:
    assert gendered_forms("myyjä/myyjätär") == ["myyjä", "myyjätär"]
    assert gendered_forms("sales agent") == []
    for form in ("myyjätär", "myyjä", "myyjä/myyjätär"):
        card = run("--data", str(dataset), "show", form, "--json").json()
        assert card["id"] == "5223.4", form
    card = run("--data", str(dataset), "--lang", "fi", "show", "5223.4", "--json").json()
    assert card["title"] == "myyjä/myyjätär"


def test_packs_merge_by_uri_and_lang_picks_their_names(dataset: Path, run: Run) -> None:
    card = run("--data", str(dataset), "--lang", "fi", "show", "5244.1", "--json").json()
    assert card["title"] == "puhelinpalvelija"
    names = {skill["id"]: skill["name"] for skill in card["skills"]}
    assert names["listen-actively"] == "aktiivinen kuuntelu"
    assert names["speak-on-the-phone"] == "speak on the phone"  # no Finnish name: English
    # no Finnish title: English
    technician = run("--data", str(dataset), "--lang", "fi", "show", "3512.1", "--json").json()
    assert technician["title"] == "desk technician"
    # found by a Finnish name with the interface in English
    assert run("--data", str(dataset), "show", "upseeri", "--json").json()["id"] == "0110.1"
    # 'no' means 'nb': accepted, names fall back to English
    no = run("--data", str(dataset), "--lang", "no", "show", "5244.1", "--json").json()
    assert no["title"] == "phone agent"


def test_lang_beyond_the_datasets_languages_is_refused(dataset: Path, run: Run) -> None:
    outcome = run("--data", str(dataset), "--lang", "fr", "roles")
    assert outcome.exit_code == 2
    assert "not in 'fr'" in outcome.stderr and "fi" in outcome.stderr


def test_names_keep_any_language_and_read_no_as_nb() -> None:
    names = Names.model_validate({"en": "agent", "fr": "agent/agente", "no": "agent (nb)"})
    assert names.get("fr") == "agent/agente"
    assert names.get("nb") == "agent (nb)"
    assert names.get("de") == "agent"
    assert names.languages() == ["en", "nb", "fr"]
    assert names.model_dump(exclude_none=True) == {
        "en": "agent",
        "nb": "agent (nb)",
        "fr": "agent/agente",
    }
    with pytest.raises(ValueError, match=r"(?i)extra"):
        Names.model_validate({"en": "agent", "not-a-language": "x"})


# --------------------------------------------------------------------------- layouts and packs


def _structure(document: dict[str, Any]) -> dict[str, Any]:
    """The document without what names the release (its version)."""
    return {key: document.get(key) for key in ("skills", "roles", "steps")}


def test_both_layouts_give_the_same_dataset(tmp_path: Path) -> None:
    old = import_esco([write_folder(tmp_path / "a", "en", "1.1")])
    new = import_esco([write_folder(tmp_path / "b", "en", "1.2")])
    assert (old.report.layout, new.report.layout) == ("1.1", "1.2")
    assert (old.report.version, new.report.version) == ("1.1.1", "1.2.0")
    assert _structure(old.document) == _structure(new.document)
    assert old.report.dangling != {} and sum(old.report.dangling.values()) == sum(
        new.report.dangling.values()
    )


def test_zip_and_folder_give_the_same_dataset(tmp_path: Path) -> None:
    folder = import_esco([write_folder(tmp_path / "a", "en"), write_folder(tmp_path / "a", "fi")])
    zipped = import_esco([write_zip(tmp_path, "en"), write_zip(tmp_path, "fi", inner=True)])
    assert folder.document == zipped.document


def test_pack_order_does_not_matter(tmp_path: Path) -> None:
    english, finnish = write_folder(tmp_path, "en"), write_folder(tmp_path, "fi")
    assert import_esco([english, finnish]).document == import_esco([finnish, english]).document


def test_packs_of_different_releases_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="different ESCO releases"):
        import_esco([write_folder(tmp_path, "en", "1.1"), write_folder(tmp_path, "fi", "1.2")])


def test_finnish_pack_alone_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="English"):
        import_esco([write_folder(tmp_path, "fi")])


def test_pack_without_skills_or_relations_imports_what_it_has(tmp_path: Path, run: Run) -> None:
    folder = write_folder(tmp_path, "en")
    (folder / "skills_en.csv").unlink()
    (folder / "occupationSkillRelations.csv").unlink()
    target = tmp_path / "out.json"
    outcome = run("import", "esco", str(folder), "--output", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    assert "missing skills_<lang>.csv" in outcome.stderr
    assert "missing occupationSkillRelations.csv" in outcome.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["roles"]) == len(esco.OCCUPATIONS)
    assert all("skills" not in role for role in document["roles"])


def test_wrong_header_names_file_and_columns_and_writes_nothing(tmp_path: Path, run: Run) -> None:
    folder = write_folder(tmp_path, "en")
    path = folder / "occupationSkillRelations.csv"
    path.write_bytes(path.read_bytes().replace(b"relationType", b"relation", 1))
    target = tmp_path / "out.json"
    outcome = run("import", "esco", str(folder), "--output", str(target))
    assert outcome.exit_code == 1
    assert "occupationSkillRelations.csv" in outcome.stderr
    assert "'relationType'" in outcome.stderr and "'relation'" in outcome.stderr
    assert not target.exists()
    with pytest.raises(WrongHeader):
        import_esco([folder])


def test_multiline_fields_crlf_and_bom_read(tmp_path: Path) -> None:
    document = import_esco([write_folder(tmp_path, "en", "1.2")]).document  # BOM, LF
    role = _role(document, "5244.1")
    assert role["aliases"] == ["phone operative", "helpline agent"]
    assert role["summary"] == "Phone agents take customer calls."


def test_not_a_pack_is_refused(tmp_path: Path, run: Run) -> None:
    (tmp_path / "empty").mkdir()
    outcome = run("import", "esco", str(tmp_path / "empty"), "--output", str(tmp_path / "x"))
    assert outcome.exit_code == 1 and "no ESCO CSV files" in outcome.stderr


def test_installed_as_esco(tmp_path: Path, packs: list[Path], run: Run) -> None:
    assert run("import", "esco", *map(str, packs)).exit_code == 0
    card = run("--data", "esco", "show", "5244.1", "--json").json()
    assert card["title"] == "phone agent"
    again = run("import", "esco", *map(str, packs))
    assert again.exit_code == 2 and "--force" in again.stderr


# --------------------------------------------------------------------------- steps


def test_no_steps_means_inferred_moves_upward(dataset: Path, run: Run) -> None:
    outcome = run("--data", str(dataset), "path", "phone agent", "contact hub manager", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr.count("lists no career steps") == 1
    route = outcome.json()["routes"][0]
    levels = [role["level"] for role in route["steps"]]
    assert levels == sorted(levels) and levels[0] == 2 and levels[-1] == 4
    assert {move["kind"] for move in route["moves"]} == {"inferred"}
    assert "3341.3" in [role["id"] for role in route["steps"]]  # through the supervisor
    nexts = run("--data", str(dataset), "next", "phone agent", "--json")
    assert nexts.exit_code == 0 and nexts.json()["candidates"]
    assert {step["kind"] for step in nexts.json()["candidates"]} == {"inferred"}
    assert run("--data", str(dataset), "tree", "phone agent").exit_code == 0


def test_export_carries_the_attribution(dataset: Path, run: Run) -> None:
    exported = run("--data", str(dataset), "export", "--format", "json")
    assert exported.exit_code == 0, exported.stderr
    assert STATEMENT in exported.stdout


# --------------------------------------------------------------------------- cache


def through_the_store(ladder: Ladder, folder: Path) -> Ladder:
    """*ladder* written to a store and read back from it."""
    from careerpath.data.store import open_store, write

    target = folder / "round-trip.ladder"
    write(ladder, b"k" * 32, target, prefix=".tmp-", suffix=".ladder")
    rebuilt = open_store(target, b"k" * 32)
    assert rebuilt is not None
    return rebuilt


def test_cache_round_trips_everything_new(dataset: Path, tmp_path: Path) -> None:
    ladder = load([str(dataset)], cache=False)
    rebuilt = through_the_store(ladder, tmp_path)
    assert rebuilt.to_document().model_dump() == ladder.to_document().model_dump()
    role = rebuilt.roles["5244.1"]
    assert role.hidden_names and role.uri and role.level_rule
    assert role.title.other == {}  # English and Finnish only: fi is a field of its own
    assert {req.essential for req in role.skills} == {True, False}
    assert all(req.level is None for req in role.skills)
    assert role.title.fi == "puhelinpalvelija"


def test_cache_round_trips_other_languages(tmp_path: Path, run: Run) -> None:
    document = import_esco([write_folder(tmp_path, "en")]).document
    role = _role(document, "5244.1")
    role["title"]["fr"] = "agent/agente"
    path = tmp_path / "fr.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    first = run("--data", str(path), "--lang", "fr", "show", "5244.1", "--json").json()
    warm = run("--data", str(path), "--lang", "fr", "show", "5244.1", "--json").json()
    assert first == warm and warm["title"] == "agent/agente"
    ladder = load([str(path)], cache=False)
    rebuilt = through_the_store(ladder, tmp_path)
    assert rebuilt.roles["5244.1"].title.other == {"fr": "agent/agente"}


# --------------------------------------------------------------------------- real rows


@pytest.mark.skipif(not SAMPLE.exists(), reason="the ESCO sample is not on this machine")
def test_done_when_on_the_real_sample(tmp_path: Path, run: Run) -> None:
    target = tmp_path / "esco.json"
    outcome = run(
        "import",
        "esco",
        str(SAMPLE / "v1.1.1"),
        str(SAMPLE / "v1.1.1-fr"),
        "--output",
        str(target),
    )
    assert outcome.exit_code == 0, outcome.stderr
    data = ("--data", str(target))
    card = run(*data, "show", "call centre agent", "--json").json()
    assert any(skill["essential"] for skill in card["skills"])
    assert any(skill["essential"] is False for skill in card["skills"])
    assert STATEMENT in card["attribution"]
    french = run(*data, "--lang", "fr", "show", "5244.1", "--json").json()
    assert french["title"] == "agent de centre d’appels/agente de centre d’appels"
    gap = run(*data, "gap", "call centre agent", "call centre supervisor", "--json").json()
    to_learn = {line["name"] for line in gap["skills"] if line["change"] == "new"}
    assert {"call routing", "train employees"} <= to_learn
    assert any("forecast" in name and "workload" in name for name in to_learn)
    path = run(*data, "path", "call centre agent", "contact centre manager", "--json")
    assert path.exit_code == 0, path.stderr
    route = path.json()["routes"][0]
    assert {move["kind"] for move in route["moves"]} == {"inferred"}
    titles = [role["title"] for role in route["steps"]]
    assert any("supervisor" in title for title in titles[1:-1])
    levels = [role["level"] for role in route["steps"]]
    assert levels == sorted(levels) and levels[-1] > levels[0]
    # the gendered French title's forms both find the role
    for form in ("agent de centre d’appels", "agente de centre d’appels"):
        assert run(*data, "show", form, "--json").json()["id"] == "5244.1"


def test_readme_worked_example_of_levelless_readiness() -> None:
    # Three essential skills (a, b, c) and two optional ones (d, e); held: a, b and d.
    need = dict.fromkeys("abcde", 1)
    weights = {"a": ESSENTIAL_WEIGHT, "b": ESSENTIAL_WEIGHT, "c": ESSENTIAL_WEIGHT}
    have = dict.fromkeys("abd", 1)
    share = readiness(have, need, weights)
    assert share == 5 / 8
    from careerpath.queries.measure import percent

    assert percent(share) == 63
    assert "5/8 = 0.625, 63 %" in " ".join(
        (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8").split()
    )


def test_stored_similarity_index_survives_adding_nearest_roles(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `similar` stores the index; a later `path` (inferred moves) rewrites it with the nearest
    # roles, or with none when every pair is too much work (the full ESCO). Postings not read
    # in between must survive that rewrite.
    from careerpath.queries import similarity

    monkeypatch.setattr(similarity, "MAX_PAIR_WORK", 0)  # as dense as the full ESCO
    monkeypatch.setattr(similarity, "DENSE_MAX_SKILLS", 0)  # and with as many skills
    ladder = load([str(dataset)])
    fresh = similarity.SimilarityIndex(ladder).of_role("5244.1")
    assert len(fresh) > 1
    similarity.similarity_index(ladder, [str(dataset)])
    similarity.similarity_index(ladder, [str(dataset)], nearest=True)
    again = similarity.similarity_index(ladder, [str(dataset)], nearest=True)
    assert again.of_role("5244.1") == pytest.approx(fresh)


def test_schema_takes_names_in_any_language(run: Run) -> None:
    import re

    names = json.loads(run("schema").stdout)["$defs"]["Names"]
    (pattern,) = names["patternProperties"]
    assert names["additionalProperties"] is False
    # A file writes {en: ..., fr: ...}: fr is allowed by the pattern; "other" (the model's
    # own field) is neither a property nor a language code, so an editor flags it.
    assert all(re.match(pattern, code) for code in ("fr", "pt", "sv"))
    assert "other" not in names["properties"] and not re.match(pattern, "other")
    assert set(names["properties"]) == {"en", "fi", "nb"}
