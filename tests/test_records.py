"""Records: the plain classes a dataset read from its store is made of, without Pydantic.

Each model of :mod:`careerpath.data.models` extends the record class of the same name; a value
read back from the store is a plain record. Checked here: the records declare exactly the
models' fields and nesting, a record read from the store equals the model it was stored from
(and answers every method alike), converts back to the same model, and a command answered
from the store never imports Pydantic.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest

from careerpath.data import models, records
from careerpath.data.cache import _pydantic_version
from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.data.payload import _Layout
from careerpath.data.stored import StoredLadder
from tests.conftest import FIXTURES

MODELS = [
    models.Names,
    models.LocalText,
    models.SkillScale,
    models.Source,
    models.Skill,
    models.SkillRequirement,
    models.Tool,
    models.Salary,
    models.Role,
    models.Step,
]
DATASETS = ["builtin", "measured.yaml", "names_esco.yaml", "names_onet.yaml"]
LANGS = ("en", "fi", "nb", "fr", "de", "xx")


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_each_record_declares_its_models_fields_and_nesting(model: type[Any]) -> None:
    record = getattr(records, model.__name__)
    assert issubclass(model, record)
    assert model._record is record and record._record is record
    assert record._fields == tuple(model.model_fields)
    from_model = [(name, how, inner._record) for name, how, inner in _Layout(model).nested]
    assert list(record._nested) == from_model
    assert [name for name, _, _ in record._nested] == [
        name for name in record._fields if name in {n for n, _, _ in record._nested}
    ]


def test_every_model_of_a_dataset_has_its_record() -> None:
    """No model a role or a dataset holds is left without a record (it would be read back as
    a model, or not at all)."""
    seen: set[type[Any]] = set()

    def visit(model: type[Any]) -> None:
        if model in seen:
            return
        seen.add(model)
        for _, _, inner in _Layout(model).nested:
            visit(inner)

    for model in (models.Role, models.Skill, models.SkillScale, models.Source, models.Step):
        visit(model)
    assert seen == set(MODELS)


def both(spec: str) -> tuple[Ladder, StoredLadder]:
    """The dataset of *spec* loaded from its file(s), and read back from its store."""
    specs = ["builtin"] if spec == "builtin" else [str(FIXTURES / spec)]
    fresh = load(specs, cache=False)
    load(specs)
    stored = load(specs)
    assert isinstance(stored, StoredLadder)
    assert not isinstance(fresh, StoredLadder)
    return fresh, stored


def records_in(value: Any) -> list[Any]:
    """*value* and every record it holds, depth first."""
    found = [value]
    for name, how, _ in value._nested:
        item = getattr(value, name)
        items = item if how in ("list", "texts") else [item]
        found.extend(
            one for inner in items if isinstance(inner, records.Record) for one in records_in(inner)
        )
    return found


@pytest.mark.parametrize("spec", DATASETS)
def test_a_stored_dataset_is_read_back_as_plain_records_equal_to_its_models(
    spec: str,
) -> None:
    fresh, stored = both(spec)
    pairs: list[tuple[Any, Any]] = [(stored.scale, fresh.scale)]
    if fresh.importance_scale is not None:
        pairs.append((stored.importance_scale, fresh.importance_scale))
    pairs += [(stored.roles[i], role) for i, role in fresh.roles.items()]
    pairs += [(stored.skills[i], skill) for i, skill in fresh.skills.items()]
    pairs += [(stored.sources[i], source) for i, source in fresh.sources.items()]
    pairs += list(zip(stored.steps, fresh.steps, strict=True))
    kinds = set()
    for read, model in pairs:
        for inner_read, inner_model in zip(records_in(read), records_in(model), strict=True):
            kinds.add(type(inner_read))
            assert not isinstance(inner_read, pydantic.BaseModel)
            assert isinstance(inner_model, pydantic.BaseModel)
            assert type(inner_read) is type(inner_model)._record
            assert inner_read == inner_model and inner_model == inner_read
            assert (inner_read != inner_model) is False  # __ne__ follows __eq__
            try:
                expected = hash(inner_model)
            except TypeError:  # a model holding a dict is not hashable; nor is its record
                with pytest.raises(TypeError):
                    hash(inner_read)
            else:
                assert hash(inner_read) == expected
            assert inner_read.__dict__ == dict(inner_model)
            assert models.as_model(inner_read) == inner_model
            assert type(models.as_model(inner_read)) is type(inner_model)
    assert records.Role in kinds and records.Names in kinds and records.SkillRequirement in kinds


@pytest.mark.parametrize("spec", DATASETS)
def test_records_answer_every_method_as_the_models_do(spec: str) -> None:
    fresh, stored = both(spec)
    for role_id, model in fresh.roles.items():
        record = stored.roles[role_id]
        assert record.names() == model.names()
        assert record.skill_levels() == model.skill_levels()
        for lang in LANGS:
            assert record.title.get(lang) == model.title.get(lang)
            assert record.title.has(lang) == model.title.has(lang)
            assert records.text_in(record.track, lang) == models.text_in(model.track, lang)
            assert records.text_in(record.summary, lang) == models.text_in(model.summary, lang)
        assert record.title.languages() == model.title.languages()
        assert record.title.all() == model.title.all()
    for skill_id, model in fresh.skills.items():
        for lang in LANGS:
            assert stored.skills[skill_id].name.get(lang) == model.name.get(lang)
    for level in range(-1, 102):
        for lang in LANGS:
            assert stored.scale.meaning(level, lang) == fresh.scale.meaning(level, lang)


def test_a_dataset_read_from_its_store_exports_as_the_file_did() -> None:
    fresh, stored = both("measured.yaml")
    for how in ({"exclude_none": True}, {"exclude_none": True, "exclude_defaults": True}):
        assert stored.to_document().model_dump(mode="json", by_alias=True, **how) == (
            fresh.to_document().model_dump(mode="json", by_alias=True, **how)
        )


def test_records_are_immutable_and_tell_their_classes_apart() -> None:
    _, stored = both("measured.yaml")
    role = next(iter(stored.roles.values()))
    with pytest.raises(AttributeError):
        role.level = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del role.id
    names = role.title
    text = records.make(records.LocalText, dict(names.__dict__))
    assert text != names and names != text
    assert records.make(records.Names, dict(names.__dict__)) == names
    assert names != names.en and role != "role"


def test_the_environment_names_the_installed_pydantic_without_importing_it() -> None:
    assert _pydantic_version() == f"VERSION = {pydantic.VERSION!r}"


QUESTIONS = [
    ["show", "customer-service-team-lead"],
    ["show", "asiakaspalvelun tiimijohtaja"],
    ["roles", "--search", "support", "--limit", "3"],
    ["gap", "customer-service-representative", "customer-service-team-lead"],
    ["next", "customer-service-representative"],
    ["similar", "customer-service-team-lead"],
    ["path", "customer-service-representative", "customer-service-team-lead"],
    ["show", "no-such-role"],
]


def test_commands_answered_from_the_store_never_import_pydantic(tmp_path: Path) -> None:
    env = {**os.environ, "CAREERPATH_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100"}
    probe = (
        "import sys\n"
        "from careerpath.cli.app import run_once\n"
        "sys.argv = ['careerpath', *sys.argv[1:]]\n"
        "try:\n"
        "    run_once()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')"
        " or m == 'careerpath.data.models'), file=sys.stderr)\n"
    )
    first = subprocess.run(
        [sys.executable, "-c", probe, *QUESTIONS[0]], env=env, capture_output=True, text=True
    )
    assert "pydantic" in first.stderr  # the first load checks the file: the probe sees it
    for question in QUESTIONS:
        done = subprocess.run(
            [sys.executable, "-c", probe, *question], env=env, capture_output=True, text=True
        )
        assert done.stderr.splitlines()[-1] == "[]", (question, done.stderr)
        assert done.stdout or "no-such-role" in question
    answer = subprocess.run(
        [sys.executable, "-c", probe, "--json", "show", "customer-service-team-lead"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert json.loads(answer.stdout)["id"] == "customer-service-team-lead"
