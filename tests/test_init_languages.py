"""`careerpath init` writes its starter ladder in the chosen language: the comments and example
texts in Finnish or Norwegian, the data (ids, levels, steps) the same in every language."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from careerpath.data.ladder import Ladder
from careerpath.data.load import load, validate_files
from careerpath.data.starter import STARTER_LANGUAGES, starter_ladder
from tests.conftest import Run

OTHERS = [lang for lang in STARTER_LANGUAGES if lang != "en"]


def structure(ladder: Ladder) -> dict[str, Any]:
    """What a ladder is, apart from its words: ids, levels, requirements, tools, steps."""
    return {
        "scale": (ladder.scale.min, ladder.scale.max, sorted(ladder.scale.rubric)),
        "rubric_languages": {
            code: sorted(levels) for code, levels in ladder.scale.rubric_translations.items()
        },
        "skills": sorted(ladder.skills),
        "roles": {
            role.id: (
                role.level,
                sorted((need.skill, need.level, need.importance) for need in role.skills),
                sorted((tool.name, tool.hot, tool.in_demand) for tool in role.tools),
            )
            for role in ladder.roles.values()
        },
        "steps": sorted((step.source_role, step.target_role, step.kind) for step in ladder.steps),
    }


def written(tmp_path: Path, lang: str, suffix: str = ".yaml") -> Path:
    target = tmp_path / f"starter-{lang}{suffix}"
    if suffix == ".json":
        from careerpath.data.starter import starter_json

        target.write_text(starter_json(lang), encoding="utf-8")
    else:
        target.write_text(starter_ladder(target.name, lang), encoding="utf-8")
    return target


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_every_language_writes_the_same_ladder(tmp_path: Path, suffix: str) -> None:
    shapes = {}
    for lang in STARTER_LANGUAGES:
        path = written(tmp_path, lang, suffix)
        report = validate_files([str(path)])
        assert report.valid, (lang, report.errors)
        assert report.warnings == [], lang
        shapes[lang] = structure(load([str(path)], cache=False))
    english = shapes["en"]
    assert english["roles"] and english["steps"] and english["skills"]
    for lang in OTHERS:
        rubric_languages = shapes[lang].pop("rubric_languages")
        assert rubric_languages == {lang: english["scale"][2]}  # the rubric said in lang
        assert {**shapes[lang], "rubric_languages": english["rubric_languages"]} == english


@pytest.mark.parametrize("lang", OTHERS)
def test_the_example_data_is_named_in_the_language(tmp_path: Path, lang: str) -> None:
    ladder = load([str(written(tmp_path, lang))], cache=False)
    english = load([str(written(tmp_path, "en"))], cache=False)
    for role in ladder.roles.values():
        assert role.title.has(lang), role.id
        assert role.title.get(lang) != role.title.en
        assert role.title.en == english.roles[role.id].title.en
        assert isinstance(role.summary, str) or role.summary is None or role.summary.get(lang)
    for skill in ladder.skills.values():
        assert skill.name.has(lang), skill.id
    for step in ladder.steps:
        assert step.note is None or not isinstance(step.note, str)


def comment_words(text: str, shortest: int = 1) -> set[str]:
    """The words of every comment in *text* (a line's text after its "#"), lower case."""
    found: set[str] = set()
    for line in text.splitlines():
        if "#" in line:
            words = re.findall(r"[^\W\d_]+", line[line.index("#") :].lower())
            found |= {word for word in words if len(word) >= shortest}
    return found


def format_words() -> set[str]:
    """Words a comment may share with English in any language: the format's keys and step
    kinds (from the schema), the starter's ids, and the names of the tool, its commands and
    files."""
    import yaml

    from careerpath.data.models import DataFile

    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties":
                    found.update(word for name in value for word in name.split("_"))
                if key == "enum":
                    found.update(str(item) for item in value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(DataFile.model_json_schema(by_alias=True))
    starter = yaml.safe_load(starter_ladder())
    for item in (*starter["skills"], *starter["roles"]):
        found.update(item["id"].split("-"))
    names = {"careerpath", "validate", "schema", "roles", "data", "strict", "ladder", "docs"}
    return found | names | {"format", "json", "yaml", "language", "server", "code"}


ENGLISH_SMALL_WORDS = {"the", "and", "with", "of", "is", "then", "each", "your", "this", "that"}
"""Words no Finnish or Norwegian sentence uses and nearly every English one does."""


@pytest.mark.parametrize("lang", OTHERS)
def test_the_comments_are_in_the_language(lang: str) -> None:
    english, other = starter_ladder(), starter_ladder(lang=lang)
    assert len([line for line in other.splitlines() if line.startswith("#")]) >= 10
    shared = comment_words(english, 4) & comment_words(other, 4)
    assert shared - format_words() == set()
    assert comment_words(other) & ENGLISH_SMALL_WORDS == set()
    assert comment_words(english) & ENGLISH_SMALL_WORDS  # the check can fail
    # the file's name is filled in every language
    assert "{filename}" not in starter_ladder("x.yaml", lang)
    assert "careerpath validate x.yaml" in starter_ladder("x.yaml", lang)


@pytest.mark.parametrize(
    ("how", "lang"),
    [
        (("--lang", "fi"), "fi"),
        (("--lang", "nb"), "nb"),
        (("--lang", "NO"), "nb"),
        (("--lang", "en"), "en"),
        (("--lang", "sv"), "en"),
        ({"CAREERPATH_LANG": "fi"}, "fi"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nb"),
        ({"CAREERPATH_LANG": "de"}, "en"),
    ],
    ids=str,
)
def test_init_writes_the_chosen_language(
    run: Run, tmp_path: Path, how: tuple[str, ...] | dict[str, str], lang: str
) -> None:
    options, env = (how, None) if isinstance(how, tuple) else ((), how)
    target = tmp_path / "ours.yaml"
    outcome = run(*options, "init", str(target), env=env)
    assert outcome.exit_code == 0, outcome.stderr
    assert target.read_text(encoding="utf-8") == starter_ladder(str(target), lang)
    printed = run(*options, "init", "-", env=env)
    assert printed.stdout == starter_ladder(lang=lang)
    as_json = tmp_path / "ours.json"
    assert run(*options, "init", str(as_json), env=env).exit_code == 0
    from careerpath.data.starter import starter_json

    assert json.loads(as_json.read_text(encoding="utf-8")) == json.loads(starter_json(lang))


def test_the_option_after_the_command_chooses_too(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    assert run("init", str(target), "--lang", "nb").exit_code == 0
    assert target.read_text(encoding="utf-8") == starter_ladder(str(target), "nb")


@pytest.mark.parametrize("lang", OTHERS)
def test_a_written_template_answers_in_its_language(run: Run, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "ours.yaml"
    assert run("--lang", lang, "init", str(target)).exit_code == 0
    ladder = load([str(target)], cache=False)
    outcome = run("--lang", lang, "--data", str(target), "roles", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    titles = {row["id"]: row["title"] for row in outcome.json()["roles"]}
    assert titles == {role.id: role.title.get(lang) for role in ladder.roles.values()}
    assert set(titles.values()).isdisjoint(role.title.en for role in ladder.roles.values())


@pytest.mark.parametrize("lang", OTHERS)
def test_init_still_never_overwrites_in_any_language(run: Run, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "ours.yaml"
    target.write_text("mine\n", encoding="utf-8")
    outcome = run("--lang", lang, "init", str(target))
    assert outcome.exit_code == 2
    assert outcome.exception is None
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert str(target) in outcome.stderr and "exists" not in outcome.stderr
