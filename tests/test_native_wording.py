"""Finnish and Norwegian as a native speaker writes them: the built-in ladder's words, the
catalogues' terms, and name look-up as fair in fi/nb as in English."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
import yaml

from careerpath.data.ladder import Ladder
from careerpath.data.models import text_in
from careerpath.output import i18n
from tests.conftest import Run

ROOT = Path(__file__).parent.parent
BUILTIN = ROOT / "data" / "customer-support.yaml"
LOCALE = ROOT / "src" / "careerpath" / "output" / "locale"


def words(language: str) -> gettext.GNUTranslations:
    return gettext.translation(i18n.DOMAIN, localedir=str(LOCALE), languages=[language])


def texts(language: str) -> str:
    """Every Finnish or Norwegian text of the built-in ladder, one per line."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == language and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(BUILTIN.read_text(encoding="utf-8")))
    return "\n".join(found)


# -- look-up: a word that heads compounds names every role it heads, as in English ---------


@pytest.mark.parametrize(
    ("language", "query"), [("fi", "päällikkö"), ("nb", "leder"), ("fi", "edustaja")]
)
def test_a_head_word_lists_every_role_it_names(
    run: Run, ladder: Ladder, language: str, query: str
) -> None:
    # The roles with a word ending in the query in their title in that language or in an
    # alias, recomputed here from the data.
    def ends(name: str) -> bool:
        return any(word.endswith(query) for word in name.lower().replace("-", " ").split())

    named = {
        role.id
        for role in ladder.roles.values()
        if ends(text_in(role.title, language)) or any(ends(alias) for alias in role.aliases)
    }
    assert len(named) >= 2
    result = run("--lang", language, "show", query)
    assert result.exit_code == 1, result.stdout  # several roles: never one of them silently
    listed = {role_id for role_id in named if f"({role_id})" in result.stderr}
    assert listed == named, result.stderr


# -- the built-in ladder's texts --------------------------------------------------------------

IMPERATIVES = [
    "Anna",
    "Aseta",
    "Esittele",
    "Etsi",
    "Hoida",
    "Johda",
    "Kartoita",
    "Kehitä",
    "Kouluta",
    "Laadi",
    "Määritä",
    "Muunna",
    "Opasta",
    "Ota",
    "Perehdytä",
    "Pidä",
    "Rakenna",
    "Ratkaise",
    "Selvitä",
    "Sovita",
    "Suunnittele",
    "Tee",
    "Toimi",
    "Tunnista",
    "Valmenna",
    "Ylläpidä",
    "Järjestä",
    "Jaa",
]


def test_finnish_responsibilities_say_what_the_role_does(ladder: Ladder) -> None:
    duties = [
        text_in(duty, "fi") for role in ladder.roles.values() for duty in role.responsibilities
    ]
    assert duties
    ordered = [duty for duty in duties if duty.split()[0] in IMPERATIVES]
    assert ordered == []


@pytest.mark.parametrize(
    ("language", "wrong"),
    [
        ("fi", "tilinhallintapäällikkö"),
        ("fi", "varapresidentti"),
        ("fi", "tietokanta"),
        ("fi", "asiakaspalveluedustaja"),
        ("nb", "kundestøtte"),
        ("nb", "kundesupport"),
        ("nb", "forsvinne"),
        ("nb", "Senior Account Manager"),
    ],
)
def test_the_ladder_uses_the_usual_words(language: str, wrong: str) -> None:
    assert wrong.lower() not in texts(language).lower()


def test_titles_in_one_language_are_distinct(ladder: Ladder) -> None:
    for language in ("fi", "nb"):
        titles = [text_in(role.title, language) for role in ladder.roles.values()]
        assert len(set(titles)) == len(titles)


def test_potentti_is_not_a_name_of_patience(ladder: Ladder) -> None:
    assert "potentti" not in [alias.lower() for alias in ladder.skills["patience"].aliases]


# -- the catalogues' words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "english", "meant"),
    [
        ("fi", "Comes from", "Aiemmat roolit"),
        ("fi", "Similar", "Samankaltaisuus"),
        ("fi", "Then", "Uusi rooli"),
        ("fi", "unknown", "ei tiedossa"),
        ("nb", "Readiness", "Klarhet"),
        ("nb", "Then", "Ny rolle"),
        ("nb", "gain", "lære"),
    ],
)
def test_the_catalogue_says_it_as_written(language: str, english: str, meant: str) -> None:
    assert words(language).gettext(english) == meant


def test_and_more_takes_the_numbers_plural() -> None:
    fi = words("fi")
    assert fi.ngettext("and {count} more", "and {count} more", 1).format(count=1) == "ja 1 muu"
    assert fi.ngettext("and {count} more", "and {count} more", 2).format(count=2) == "ja 2 muuta"


@pytest.mark.parametrize(("language", "wrong"), [("fi", "taitonousu"), ("nb", "beredskap")])
def test_no_catalogue_entry_keeps_the_old_term(language: str, wrong: str) -> None:
    from babel.messages.pofile import read_po

    path = LOCALE / language / "LC_MESSAGES" / "careerpath.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not any(wrong in string.lower() for string in strings), message.id


# -- lists by name follow the language's alphabet ----------------------------------------------


def test_collation_puts_the_nordic_letters_after_z() -> None:
    names = ["Öljy", "Zeta", "Äes", "Aamu", "Åbo"]
    assert sorted(names, key=lambda name: i18n.collation_key(name, "fi")) == [
        "Aamu",
        "Zeta",
        "Åbo",
        "Äes",
        "Öljy",
    ]
    norsk = ["Ål", "Øy", "Ærlig", "Zebra", "Bil"]
    assert sorted(norsk, key=lambda name: i18n.collation_key(name, "nb")) == [
        "Bil",
        "Zebra",
        "Ærlig",
        "Øy",
        "Ål",
    ]
    assert sorted(["éa", "eb"], key=lambda name: i18n.collation_key(name, "en")) == ["éa", "eb"]


@pytest.mark.parametrize("language", ["fi", "nb"])
def test_a_gap_lists_tied_skills_in_the_languages_order(run: Run, language: str) -> None:
    result = run(
        "--lang",
        language,
        "gap",
        "senior-customer-service-representative",
        "customer-service-team-lead",
        "--json",
    )
    lines = result.json()["skills"]
    table = run(
        "--lang",
        language,
        "gap",
        "senior-customer-service-representative",
        "customer-service-team-lead",
        env={"COLUMNS": "200"},
    ).stdout
    shown = [line["name"] for line in lines if line["name"] in table]
    order = sorted(shown, key=lambda name: table.index(name))
    # Recomputed: within each change, names in the language's alphabet.
    for change in {line["change"] for line in lines}:
        names = [
            name
            for name in order
            if any(line["name"] == name and line["change"] == change for line in lines)
        ]
        if change != "dropped":
            assert names == sorted(names, key=lambda name: i18n.collation_key(name, language))


@pytest.mark.parametrize("language", ["fi", "nb"])
def test_roles_of_a_level_are_in_the_languages_order(run: Run, language: str) -> None:
    rows = run("--lang", language, "roles", "--json").json()["roles"]
    table = run("--lang", language, "roles", env={"COLUMNS": "200"}).stdout
    for level in {row["level"] for row in rows}:
        titles = [row["title"] for row in rows if row["level"] == level]
        shown = sorted(titles, key=table.index)
        assert shown == sorted(titles, key=lambda title: i18n.collation_key(title, language))


@pytest.mark.parametrize("language", ["fi", "nb"])
def test_a_note_has_one_colon(run: Run, language: str) -> None:
    # A note is printed after "Note: " in its own language: a colon inside it makes two.
    result = run("--lang", language, "gap", "customer-service-representative", "csam")
    prefix = words(language).gettext("Note: {note}.").split("{")[0].strip()
    notes = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    assert notes
    assert all(line.count(":") == prefix.count(":") for line in notes), notes


@pytest.mark.parametrize(
    ("lang", "note", "group"),
    [
        ("fi", "erikoistuminen", "asiakaspalvelijat"),
        ("nb", "spesialisering", "kundeservicemedarbeidere"),
    ],
)
def test_step_notes_and_salary_groups_speak_the_language(
    run: Run, lang: str, note: str, group: str
) -> None:
    steps = run("--lang", lang, "next", "customer-service-coordinator", "--json").json()
    notes = {c["note"] for c in steps["candidates"] if c["note"]}
    assert notes == {note}
    card = run("--lang", lang, "show", "customer-service-representative", "--json").json()
    assert {pay["applies_to"] for pay in card["salaries"]} == {group}
    english = run("show", "customer-service-representative", "--json").json()
    assert {pay["applies_to"] for pay in english["salaries"]} == {
        "customer service agents and representatives"
    }
