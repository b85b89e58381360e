"""Finding a role by what people call it: natural names, ranking, ties, misspellings, search."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.data import cache
from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.data.models import text_in
from careerpath.errors import AmbiguousRole, AmbiguousSkill, UnknownRole, UnknownSkill
from careerpath.queries import names as resolve
from careerpath.queries.catalog import list_roles
from careerpath.queries.names import find_role, find_skill, fold, normalize, role_index
from tests.conftest import FIXTURES, Run

ONET = FIXTURES / "onet_names.yaml"


@pytest.fixture(scope="session")
def onet() -> Ladder:
    """An O*NET-shaped ladder: plural titles, alternate titles, some shared."""
    return load([str(ONET)])


# --------------------------------------------------------------------------- natural names

BUILTIN_NAMES = [
    # the names of the issue
    ("senior rep", "senior-customer-service-representative"),
    ("team leader", "customer-service-team-lead"),
    ("customer service reps", "customer-service-representative"),
    ("customer support rep", "customer-service-representative"),
    ("koordinaattori", "customer-service-coordinator"),
    ("Customer Success Mgr", "customer-success-manager"),
    # English: word order, prefixes, plurals, abbreviations
    ("rep senior", "senior-customer-service-representative"),
    ("Sr. Customer Service Rep", "senior-customer-service-representative"),
    ("customer service representatives", "customer-service-representative"),
    ("coord", "customer-service-coordinator"),
    ("cust serv rep", "customer-service-representative"),  # all its words: beats "Senior ..."
    ("team leaders", "customer-service-team-lead"),
    ("lead team", "customer-service-team-lead"),
    ("vp cx", "vp-of-customer-experience"),
    ("VP of CX", "vp-of-customer-experience"),
    ("customer experience vp", "vp-of-customer-experience"),
    ("vice president customer experience", "vp-of-customer-experience"),
    ("dir cx", "director-of-customer-experience"),
    ("director customer support", "director-of-customer-support"),
    ("head of customer support", "director-of-customer-support"),
    ("cx mgr", "customer-experience-manager"),
    ("ops specialist", "customer-operations-specialist"),
    ("it support", "it-support-technician"),
    ("helpdesk", "it-support-technician"),
    ("product owner", "product-manager"),
    ("CSM", "customer-service-manager"),  # the ladder's own alias beats the acronym's reading
    ("csam", "customer-support-account-manager"),
    ("sales reps", "sales-representative"),
    # Finnish: compounds by their parts, diacritics optional
    ("asiakaspalvelupaallikko", "customer-service-manager"),
    ("päällikkö asiakaspalvelu", "customer-service-manager"),
    ("tiimijohtaja", "customer-service-team-lead"),
    ("Asiakaskokemuksen kehitysjohtaja", "director-of-customer-experience"),
    ("asiakaskokemusjohtaja", "vp-of-customer-experience"),
    ("tukihenkilö", "it-support-technician"),
    ("myyntiedustaja", "sales-representative"),
    # Norwegian
    ("kundeservice spesialist", "customer-support-specialist"),
    ("spesialist kundeservice", "customer-support-specialist"),
    ("kundestotteansvarlig", "customer-support-account-manager"),
    ("teamleder", "customer-service-team-lead"),
    ("visepresident", "vp-of-customer-experience"),
    ("direktør kundeopplevelse", "director-of-customer-experience"),
    ("produktsjef", "product-manager"),
    ("salgsrepresentant", "sales-representative"),
]


@pytest.mark.parametrize(("query", "expected"), BUILTIN_NAMES)
def test_natural_names_find_the_role_meant(ladder: Ladder, query: str, expected: str) -> None:
    assert find_role(ladder, query).id == expected


ONET_NAMES = [
    # a role's own title (singular or plural) beats the same words as others' alternate titles
    ("customer service representative", "43-4051.00"),
    ("Customer Service Representatives", "43-4051.00"),
    ("customer service reps", "43-4051.00"),
    ("customer service rep", "43-4051.00"),
    ("representatives customer service", "43-4051.00"),
    ("CSR", "43-4051.00"),
    ("sales manager", "11-2022.00"),
    ("regional sales mgr", "11-2022.00"),
    ("sr software developer", "15-1252.00"),
    ("software engineer", "15-1252.00"),
    ("developer software", "15-1252.00"),
    ("nurse practitioner", "29-1171.00"),
    ("nurse", "29-1141.00"),  # an exact alternate title beats a word of another title
    ("registered nurse", "29-1141.00"),
    ("human resources manager", "11-3121.00"),
    ("hr director", "11-3121.00"),
    ("accountant", "13-2011.00"),
    ("auditors", "13-2011.00"),
    ("first line supervisor office", "43-1011.00"),
    ("training specialist", "13-1151.00"),
    ("ops manager", "11-1021.00"),
    ("general manager", "11-1021.00"),
    ("administrative services manager", "11-3012.00"),
    ("admin services mgr", "11-3012.00"),
    ("receptionist", "43-4171.00"),
    ("retail salesperson", "41-2031.00"),
]


@pytest.mark.parametrize(("query", "expected"), ONET_NAMES)
def test_onet_names_find_the_role_meant(onet: Ladder, query: str, expected: str) -> None:
    assert find_role(onet, query).id == expected


MISSPELLED = [
    ("tiimijohtja", "customer-service-team-lead"),
    ("custmer sucess manger", "customer-success-manager"),
    ("koordinatori", "customer-service-coordinator"),
    ("prodct manger", "product-manager"),
    ("custome servce representativ", "customer-service-representative"),
    ("team leed", "customer-service-team-lead"),
    ("asiakaspalvelupälikkö", "customer-service-manager"),
    ("kundestøtespesialist", "customer-support-specialist"),
]


@pytest.mark.parametrize(("query", "expected"), MISSPELLED)
def test_misspellings_suggest_the_role_meant_first(
    ladder: Ladder, query: str, expected: str
) -> None:
    with pytest.raises(UnknownRole) as caught:
        find_role(ladder, query)
    assert caught.value.suggestions[0] == ladder.roles[expected].title.en
    assert "did you mean" in str(caught.value)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("acountant", "13-2011.00"),
        ("sofware developer", "15-1252.00"),
        ("custmer service representative", "43-4051.00"),
        ("registred nurses", "29-1141.00"),
    ],
)
def test_onet_misspellings_suggest_the_role_meant_first(
    onet: Ladder, query: str, expected: str
) -> None:
    with pytest.raises(UnknownRole) as caught:
        find_role(onet, query)
    assert caught.value.suggestions[0] == onet.roles[expected].title.en


# --------------------------------------------------------------------------- ties


def test_shared_alternate_title_is_a_tie_listing_both(onet: Ladder) -> None:
    with pytest.raises(AmbiguousRole) as caught:
        find_role(onet, "office manager")
    assert [ident for ident, _ in caught.value.candidates] == ["11-3012.00", "43-1011.00"]
    for ident, title in caught.value.candidates:
        assert title == onet.roles[ident].title.en
        assert ident in str(caught.value)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("manager", 6),  # every English title with the word: no title is closer than another
        ("account manager", 2),
        ("rep", 3),
        ("cx", 3),
    ],
)
def test_generic_words_are_ties_of_every_equal_role(
    ladder: Ladder, query: str, expected: int
) -> None:
    with pytest.raises(AmbiguousRole) as caught:
        find_role(ladder, query)
    ids = [ident for ident, _ in caught.value.candidates]
    assert len(ids) == len(set(ids)) == expected
    # Recomputed another way: every role one of whose titles holds each typed word's start.
    typed = fold(query)
    brute = {
        role.id
        for role in ladder.roles.values()
        for title in role.title.all()
        if all(any(word.startswith(t) for word in fold(title)) for t in typed)
    }
    if query != "cx":  # an acronym is not a word start
        assert set(ids) == brute


def test_exact_title_beats_title_words_beats_alias_words(ladder: Ladder) -> None:
    ranked = role_index(ladder).search("customer support representative")
    assert ranked[0].id == "customer-service-representative"
    assert ranked[0].kind == "alias" and ranked[0].tier == resolve.EXACT_ALIAS
    assert ranked[1].id == "senior-customer-service-representative"
    assert ranked[1].tier == resolve.ALIAS_WORDS
    tiers = [match.rank for match in ranked]
    assert tiers == sorted(tiers, reverse=True)


# --------------------------------------------------------------------------- properties


def _shared_titles(ladder: Ladder) -> dict[str, set[str]]:
    """Each title's folded words (any order) -> the roles with such a title."""
    owners: dict[str, set[str]] = {}
    for role in ladder.roles.values():
        for title in role.title.all():
            owners.setdefault(" ".join(sorted(fold(title))), set()).add(role.id)
    return owners


def _respell(draw: st.DrawFn, name: str) -> str:
    """*name* as a person might type it: other case, words reordered, other punctuation."""
    words = name.split()
    order = draw(st.permutations(words))
    case = draw(st.sampled_from([str.lower, str.upper, str.title, str]))
    joiner = draw(st.sampled_from([" ", "  ", " - ", ", "]))
    return joiner.join(case(word) for word in order)


@st.composite
def title_queries(draw: st.DrawFn, ladders: tuple[Ladder, ...]) -> tuple[Ladder, str, str]:
    ladder = draw(st.sampled_from(ladders))
    role = draw(st.sampled_from(sorted(ladder.roles.values(), key=lambda r: r.id)))
    which = draw(st.sampled_from(["id", *role.title.all()]))
    query = role.id if which == "id" else _respell(draw, which)
    return ladder, role.id, query


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_an_id_or_title_always_finds_its_role(
    ladder: Ladder, onet: Ladder, data: st.DataObject
) -> None:
    chosen, role_id, query = data.draw(title_queries((ladder, onet)))
    owners = _shared_titles(chosen).get(" ".join(sorted(fold(query))), {role_id})
    try:
        found = find_role(chosen, query).id
    except AmbiguousRole as exc:
        ids = {ident for ident, _ in exc.candidates}
        assert len(owners) > 1 and role_id in ids, (query, ids)
        assert ids == owners
        return
    assert found == role_id, query
    assert owners == {role_id}


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_an_alias_finds_its_role_unless_another_has_it_as_title_or_shares_it(
    ladder: Ladder, onet: Ladder, data: st.DataObject
) -> None:
    chosen = data.draw(st.sampled_from([ladder, onet]))
    role = data.draw(
        st.sampled_from(sorted((r for r in chosen.roles.values() if r.aliases), key=lambda r: r.id))
    )
    alias = data.draw(st.sampled_from(role.aliases))
    query = _respell(data.draw, alias)
    key = " ".join(sorted(fold(alias)))
    try:
        found = find_role(chosen, query)
    except AmbiguousRole as exc:
        ids = {ident for ident, _ in exc.candidates}
        assert role.id in ids
        sharing = {
            r.id
            for r in chosen.roles.values()
            if key in {" ".join(sorted(fold(a))) for a in r.aliases}
        }
        assert ids == sharing
        return
    if found.id != role.id:  # only another role's own title wins over an alias
        assert key in {" ".join(sorted(fold(t))) for t in found.title.all()}, (query, found.id)


WORDS = sorted(
    {
        word
        for path in ["builtin", str(ONET)]
        for role in load([path], cache=False).roles.values()
        for name in role.names()
        for word in normalize(name).split()
    }
)


@st.composite
def fragments(draw: st.DrawFn) -> str:
    """Queries made of pieces of real names, with typos, so that many of them match."""
    parts = []
    for word in draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)):
        start = draw(st.integers(0, max(0, len(word) - 1)))
        end = draw(st.integers(start, len(word)))
        piece = word[start:end] if draw(st.booleans()) else word
        if piece and draw(st.booleans()):
            spot = draw(st.integers(0, len(piece) - 1))
            piece = piece[:spot] + draw(st.sampled_from("aeioøä-.x ")) + piece[spot + 1 :]
        parts.append(piece)
    return " ".join(parts)


@settings(max_examples=300, deadline=None)
@given(query=st.one_of(fragments(), st.text(max_size=40)))
def test_no_query_raises_anything_but_the_documented_errors(
    ladder: Ladder, onet: Ladder, query: str
) -> None:
    for chosen in (ladder, onet):
        try:
            role = find_role(chosen, query)
        except UnknownRole as exc:
            assert all(isinstance(s, str) and s for s in exc.suggestions)
        except AmbiguousRole as exc:
            assert len(exc.candidates) >= 2 or exc.broader
            assert all(ident in chosen.roles for ident, _ in exc.candidates)
        else:
            assert role.id in chosen.roles
        rows = list_roles(chosen, search=query).roles
        assert len({row.id for row in rows}) == len(rows)


@settings(max_examples=150, deadline=None)
@given(query=fragments())
def test_a_name_that_resolves_is_the_first_search_result(
    ladder: Ladder, onet: Ladder, query: str
) -> None:
    for chosen in (ladder, onet):
        try:
            role = find_role(chosen, query)
        except (UnknownRole, AmbiguousRole):
            continue
        if role.id == query:
            continue
        rows = list_roles(chosen, search=query).roles
        assert rows[0].id == role.id


@settings(max_examples=150, deadline=None)
@given(query=st.one_of(fragments(), st.text(max_size=30)))
def test_skill_names_raise_only_the_documented_errors(ladder: Ladder, query: str) -> None:
    try:
        skill = find_skill(ladder, query)
    except UnknownSkill as exc:
        assert all(name in {s.name.en for s in ladder.skills.values()} for name in exc.suggestions)
    except AmbiguousSkill as exc:
        assert len(exc.candidates) >= 2 or exc.broader
    else:
        assert skill.id in ladder.skills


def test_every_skill_name_finds_its_skill(ladder: Ladder) -> None:
    for skill in ladder.skills.values():
        for name in [skill.id, *skill.name.all(), *skill.aliases]:
            assert find_skill(ladder, name).id == skill.id, name


# --------------------------------------------------------------------------- command line


def test_ambiguous_name_lists_every_candidate_and_exits_1(run: Run, ladder: Ladder) -> None:
    outcome = run("show", "manager")
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    managers = [r.id for r in ladder.roles.values() if "manager" in fold(r.title.en)]
    assert len(managers) == 6
    for ident in managers:
        assert ident in outcome.stderr


def test_ambiguous_name_on_a_terminal_offers_a_numbered_choice(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careerpath.cli import session as cli

    monkeypatch.setattr(cli, "interactive", lambda: True)
    outcome = run("show", "account manager", "--json", input="0\nthree\n2\n")
    assert outcome.exit_code == 0, outcome.stderr
    listed = [
        line.split("(")[-1].rstrip(")") for line in outcome.stderr.splitlines() if ". " in line
    ]
    assert len(listed) == 2
    # CliRunner echoes the typed answers on stdout, as a terminal would show them.
    document = json.loads(outcome.stdout[outcome.stdout.index("{") :])
    assert document["id"] == listed[1]
    assert "from 1 to 2" in outcome.stderr  # the out-of-range answer was asked again


def test_candidates_are_shown_in_the_chosen_language(run: Run, ladder: Ladder) -> None:
    outcome = run("--lang", "fi", "show", "account manager")
    assert outcome.exit_code == 1
    for ident in ("senior-account-manager", "customer-support-account-manager"):
        assert f"{ladder.roles[ident].title.fi} ({ident})" in outcome.stderr


def test_no_prompt_when_not_on_a_terminal(run: Run) -> None:
    # CliRunner's stdin is not a terminal: the answer on stdin must not be read.
    outcome = run("show", "account manager", input="1\n")
    assert outcome.exit_code == 1
    assert "Which one" not in outcome.stderr


def test_every_role_command_uses_the_search(run: Run) -> None:
    outcome = run("path", "senior rep", "team leader", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    route = outcome.json()
    assert route["from"]["id"] == "senior-customer-service-representative"
    assert route["to"]["id"] == "customer-service-team-lead"
    gap = run("gap", "customer service reps", "Customer Success Mgr", "--json")
    assert gap.json()["to"]["id"] == "customer-success-manager"


def test_roles_search_ranks_and_says_why(run: Run) -> None:
    outcome = run("roles", "--search", "customer service representative", "--json")
    document = outcome.json()
    rows = document["roles"]
    assert rows[0]["id"] == "customer-service-representative"
    assert rows[0]["matched"] == "title"
    assert rows[1]["id"] == "senior-customer-service-representative"
    assert document["filters"]["search"] == "customer service representative"
    assert all(
        {"id", "title", "level", "track", "titles", "matched", "why"} <= r.keys() for r in rows
    )
    limited = run("roles", "--search", "customer service representative", "--limit", "1", "--json")
    assert limited.json()["roles"] == rows[:1]
    assert limited.json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "kind", "why"),
    [
        ("talkdesk", "tool", "Talkdesk"),
        ("telephony", "tool", "telephony"),
        ("conflict resolution", "skill", "Conflict resolution"),
        ("team lead", "alias", "team lead"),
        ("tiimijohtaja", "title", "Asiakaspalvelun tiimijohtaja"),
    ],
)
def test_roles_search_says_what_matched(run: Run, query: str, kind: str, why: str) -> None:
    rows = run("roles", "--search", query, "--json").json()["roles"]
    lead = next(row for row in rows if row["id"] == "customer-service-team-lead")
    assert (lead["matched"], lead["why"]) == (kind, why)


def test_roles_search_by_tool_finds_exactly_the_roles_using_it(run: Run, ladder: Ladder) -> None:
    rows = run("roles", "--search", "zendesk", "--json").json()["roles"]
    using = {r.id for r in ladder.roles.values() if any(t.name == "Zendesk" for t in r.tools)}
    assert using and {row["id"] for row in rows} == using


@pytest.mark.parametrize("width", ["40", "60", "80", "120"])
def test_roles_search_table_says_why_under_each_title(run: Run, width: str) -> None:
    outcome = run("roles", "--search", "team lead", env={"COLUMNS": width})
    assert outcome.exit_code == 0
    flat = " ".join(outcome.stdout.split())
    assert "matched alias:" in flat
    if width != "40":  # at 40 columns the title column wraps between other columns' lines
        assert "matched alias: team lead" in flat
    assert "matched" not in run("roles", env={"COLUMNS": width}).stdout
    # Found by its own title, in the language shown: no need to repeat it (and the reason is
    # given in that language too).
    finnish = run("--lang", "fi", "roles", "--search", "tiimijohtaja", env={"COLUMNS": width})
    assert "osui nimikkeeseen" in " ".join(finnish.stdout.split())
    assert "osui nimikkeeseen:" not in finnish.stdout


def test_roles_without_search_keep_null_reasons(run: Run) -> None:
    rows = run("roles", "--json").json()["roles"]
    assert all(row["matched"] is None and row["why"] is None for row in rows)


# --------------------------------------------------------------------------- speed


def test_rapidfuzz_is_imported_only_for_a_name_not_found(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from careerpath.data.load import load\n"
        "from careerpath.errors import UnknownRole\n"
        "from careerpath.queries.names import find_role\n"
        "ladder = load(['builtin'])\n"
        "find_role(ladder, 'senior rep')\n"
        "before = 'rapidfuzz' in sys.modules\n"
        "try:\n"
        "    find_role(ladder, 'tiimijohtja')\n"
        "except UnknownRole:\n"
        "    pass\n"
        "print(before, 'rapidfuzz' in sys.modules)\n"
    )
    src = Path(__file__).parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src), "CAREERPATH_CACHE_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]


def test_large_index_is_kept_beside_the_cache_entry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(resolve, "CACHED_INDEX_NAMES", 1)
    first = load([str(ONET)])
    expected = role_index(first).search("customer service representative")
    directory = Path(os.environ["CAREERPATH_CACHE_DIR"])
    companions = list(directory.glob("*.names.ladder"))
    assert len(companions) == 1
    # A fresh load (another process, as far as the index goes) reads it instead of building.
    second = load([str(ONET)])
    assert second is not first
    monkeypatch.setattr(resolve, "build_index", _refuse)
    assert role_index(second).search("customer service representative") == expected
    # A damaged index is rebuilt, never an error.
    companions[0].write_bytes(companions[0].read_bytes()[:-10])
    monkeypatch.undo()
    monkeypatch.setattr(resolve, "CACHED_INDEX_NAMES", 1)
    third = load([str(ONET)])
    assert role_index(third).search("customer service representative") == expected


def _refuse(*args: object) -> object:
    raise AssertionError("the index was built again instead of read from the cache")


def test_pruning_removes_an_index_whose_dataset_entry_is_gone(tmp_path: Path) -> None:
    directory = Path(os.environ["CAREERPATH_CACHE_DIR"])
    entry = cache.LadderCache(directory, b"k" * 32)
    directory.mkdir(parents=True, exist_ok=True)
    entry.path.write_bytes(b"x")
    entry.put_companion("names", [1, 2, 3])
    assert entry.get_companion("names") == [1, 2, 3]
    orphan = directory / ("0" * 40 + ".names.ladder")
    orphan.write_bytes(b"x")
    entry._prune()
    assert entry.companion_path("names").exists()
    assert not orphan.exists()


def test_misspelled_lookup_on_the_cli_exits_1_with_suggestions(run: Run) -> None:
    outcome = run("show", "custmer sucess manger")
    assert outcome.exit_code == 1
    assert "Customer Success Manager" in outcome.stderr
    assert outcome.stdout == ""


# --------------------------------------------------------------------------- a limited search


def _words(ladder: Ladder) -> list[str]:
    """Words of the dataset's titles, skills and tools (each its first four letters, too)."""
    words: set[str] = set()
    for role in ladder.roles.values():
        words.update(role.title.en.split())
        for tool in role.tools:
            words.update(text_in(tool.name, "en").split())
    for skill in ladder.skills.values():
        words.update(text_in(skill.name, "en").split())
    picked = sorted(word for word in words if len(word) >= 3)
    return picked + [word[:4] for word in picked if len(word) > 5]


@pytest.mark.parametrize("which", ["builtin", "onet"])
def test_a_limit_and_a_level_cut_the_full_ranking(which: str, ladder: Ladder, onet: Ladder) -> None:
    # `roles --search WORD --limit N` stops looking once its names fill N rows: the rows must
    # be the first N of the whole ranking (with --level, of its roles at that level).
    data = ladder if which == "builtin" else onet
    levels = sorted({role.level for role in data.roles.values()})
    cut_short = 0
    for word in _words(data):
        whole = list_roles(data, search=word).roles
        by_name = [row for row in whole if row.matched in {"title", "alias", "id"}]
        for level in [None, *levels]:
            kept = [row for row in whole if level is None or row.level == level]
            for limit in (0, 1, 3, 10):
                shown = list_roles(data, search=word, level=level, limit=limit).roles
                assert shown == kept[:limit], (word, level, limit)
        if len(by_name) >= 3 and len(whole) > len(by_name):
            cut_short += 1
    assert cut_short >= 2  # searches where roles found by skills or tools were never looked for


# --------------------------------------------------------------------------- whole names


def _every_name(ladder: Ladder) -> list[str]:
    names: list[str] = []
    for role in ladder.roles.values():
        names.extend(role.title.all())
        names.extend(role.aliases)
    return names


def test_a_whole_name_read_from_the_keyed_names_is_what_the_index_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(resolve, "CACHED_INDEX_NAMES", 1)
    first = load([str(ONET)])
    index = role_index(first)  # writes the keyed names beside the dataset
    second = load([str(ONET)])  # another process, as far as the names go
    monkeypatch.setattr(resolve, "build_index", _refuse)
    read = 0
    for name in _every_name(first):
        for typed in (name, name.upper(), " ".join(reversed(name.split()))):
            found = resolve.exact_role(second, typed)
            try:
                expected = index.resolve(typed)
            except AmbiguousRole:
                assert found is None, typed
                continue
            if found is None:  # not a whole name of one role: left to the index
                assert (
                    not expected.exact
                    or len(resolve.fold(typed)) == 0
                    or (len({m.id for m in index.search(typed, words=False) if m.exact}) > 1)
                ), typed
                continue
            read += 1
            assert found == expected, typed
            assert find_role(second, typed).id == expected.id
    assert read > 100


def test_a_damaged_or_foreign_keyed_file_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resolve, "CACHED_INDEX_NAMES", 1)
    ladder = load([str(ONET)])
    role_index(ladder)
    name = "retail salespersons"
    assert resolve.exact_role(ladder, name) is not None
    directory = Path(os.environ["CAREERPATH_CACHE_DIR"])
    (keyed,) = directory.glob(f"*.{resolve.EXACT_NAMES}.ladder")
    body = keyed.read_bytes()
    # bytes changed in place (its seal no longer matches): not read, the index answers
    keyed.write_bytes(body[:-1] + bytes([body[-1] ^ 1]))
    assert resolve.exact_role(load([str(ONET)]), name) is None
    # another dataset's file, sealed as sound: not read either
    from careerpath.data.keyed import KeyedFile
    from careerpath.data.seal import seal

    other = KeyedFile(keyed, b"x" * 32)
    import marshal

    elsewhere = next(role.id for role in ladder.roles.values() if "Retail" not in role.title.en)
    other.write([("retail salesperson", marshal.dumps([(elsewhere, 0, "Retail Salespersons", 2)]))])
    seal(keyed)
    assert resolve.exact_role(load([str(ONET)]), name) is None
    assert find_role(load([str(ONET)]), name).id == find_role(ladder, name).id


@pytest.mark.parametrize("which", ["builtin", "onet"])
def test_each_name_keeps_its_folded_words(which: str, ladder: Ladder, onet: Ladder) -> None:
    # A search reads a name's folded words from the index instead of folding its text again.
    index = role_index(ladder if which == "builtin" else onet)
    names = len(index.owners)
    assert names > 20
    for name in range(names):
        assert sorted(index.folded(name)) == sorted(fold(index.text(name))), index.text(name)


def _names_with_by_hand(index: resolve.NameIndex, word: str) -> dict[int, int]:
    """What a word matches, recomputed word by word over the vocabulary as a list: 3 a whole
    word, 2 a word's start, a compound's end or an acronym, 1 inside a compound."""
    quality: dict[int, int] = {}
    for position, known in enumerate(index.vocabulary):
        if known.startswith(word):
            score = 3 if known == word else 2
        elif len(word) >= 4 and len(known) >= len(word) + 3 and word in known:
            score = 2 if known.endswith(word) else 1
        else:
            continue
        for entry in index.posting(position):
            value = min(score, 2) if entry & 1 else score
            quality[entry >> 1] = max(quality.get(entry >> 1, 0), value)
    return quality


@pytest.mark.parametrize("which", ["builtin", "onet"])
def test_what_a_word_matches_is_what_the_vocabulary_says(
    which: str, ladder: Ladder, onet: Ladder
) -> None:
    index = role_index(ladder if which == "builtin" else onet)
    vocabulary = index.vocabulary
    assert vocabulary == sorted(vocabulary) and len(vocabulary) > 20
    words = set(vocabulary)
    for known in vocabulary:
        words.update({known[:3], known[:5], known[2:], known[-4:], known[1:-1], known + "x"})
    words.update({"a", "zz", "palvelu", "koordinaattori", "manager", "ager"})
    matched = 0
    for word in sorted(words):
        found = index._names_with(word)
        assert found == _names_with_by_hand(index, word), word
        matched += bool(found)
    assert matched > len(vocabulary)


def _keep_every_match(
    self: resolve.NameIndex,
    best: dict[int, resolve.Match],
    name: int,
    tier: int,
    exact_words: int,
    *,
    complete: bool,
) -> None:
    """A role keeps its best name, every name made a Match and compared (the plain way)."""
    owner = self.owners[name]
    found = resolve.Match(
        self.ids[owner],
        tier,
        complete,
        exact_words,
        resolve.KIND_NAMES[self.kinds[name]],
        self.text(name),
        self.sizes[name],
        hidden=self.kinds[name] == resolve.KIND_HIDDEN,
    )
    held = best.get(owner)
    if held is None or (found.rank, -found.size) > (held.rank, -held.size):
        best[owner] = found


@pytest.mark.parametrize("which", ["builtin", "onet"])
def test_a_search_keeps_each_roles_best_name_as_comparing_every_name_would(
    which: str, ladder: Ladder, onet: Ladder, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = ladder if which == "builtin" else onet
    queries = [*_words(data), "customer service", "rep", "manager sales", "cx", "tiimi"]
    index = role_index(data)
    found = {query: index.search(query) for query in queries}
    monkeypatch.setattr(resolve.NameIndex, "_keep", _keep_every_match)
    plain = role_index(data)
    assert {query: plain.search(query) for query in queries} == found
    assert sum(len(matches) > 1 for matches in found.values()) > 10


def _compounds_by_hand(
    index: resolve.NameIndex, name: int, typed: list[str], tier: int, exact: int, complete: bool
) -> tuple[int, int, bool]:
    words = resolve.fold(index.text(name))
    parts = list(dict.fromkeys(typed))
    if len(parts) > 1 and {"".join(parts), "".join(reversed(parts))} & set(words):
        return tier, len(parts), complete
    if all(not any(word.startswith(part) for word in words) for part in parts):
        return resolve.TITLE_WORDS, len(parts), False
    return tier, exact, complete


@pytest.mark.parametrize("which", ["builtin", "onet"])
def test_compounds_read_as_their_words_as_by_hand(which: str, ladder: Ladder, onet: Ladder) -> None:
    index = role_index(ladder if which == "builtin" else onet)
    words = index.vocabulary
    singles = [[word] for word in words] + [[word[3:]] for word in words if len(word) > 6]
    typed_lists = singles[:: max(1, len(singles) // 150)]
    typed_lists += [["kunde", "service"], ["asiakas", "palvelu"], ["team", "lead"], ["cust", "rep"]]
    changed = 0
    for name in range(len(index.owners)):
        for typed in typed_lists:
            expected = _compounds_by_hand(index, name, typed, resolve.ALIAS_WORDS, 1, True)
            assert index._compounds(name, typed, resolve.ALIAS_WORDS, 1, True) == expected
            changed += expected != (resolve.ALIAS_WORDS, 1, True)
    assert changed > 100
