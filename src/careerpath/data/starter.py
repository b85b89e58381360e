"""The starter ladder ``careerpath init`` writes for a user to edit.

The ladder is the same data in every language; its comments and example texts are in the
language it is written for. Each language's text is a package data file
(``starters/<code>.yaml``), so this module holds data and no catalogue.
"""

from __future__ import annotations

STARTER_LANGUAGES: tuple[str, ...] = ("en", "fi", "nb")
"""The languages the starter ladder is written in; any other gets the English one."""


def starter_text(lang: str = "en") -> str:
    """The starter ladder's text in *lang* (English for a language it is not written in),
    its comments naming the file as ``{filename}``."""
    from importlib.resources import files

    code = lang if lang in STARTER_LANGUAGES else "en"
    return files("careerpath.data").joinpath("starters", f"{code}.yaml").read_text(encoding="utf-8")


def starter_ladder(filename: str = "ladder.yaml", lang: str = "en") -> str:
    """The text of the starter ladder in *lang*, its comments naming *filename* (shell-quoted)."""
    import shlex

    # A name with a line break would end the comment and put text into the YAML itself.
    shown = shlex.quote(filename) if filename.isprintable() else "FILE"
    return starter_text(lang).replace("{filename}", shown)


def starter_json(lang: str = "en") -> str:
    """The starter ladder as JSON, for a ``.json`` file: the same data, without the comments
    (JSON has none), so it loads and validates exactly as the YAML one does."""
    import json

    import yaml

    # The rubric's levels become the keys "1".."5", which the data format reads as levels.
    document = yaml.safe_load(starter_text(lang))
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def starter_for(filename: str, lang: str = "en") -> str:
    """The starter ladder in *lang* and the format *filename* names: JSON for ``.json``, else
    YAML."""
    if filename.lower().endswith(".json"):
        return starter_json(lang)
    return starter_ladder(filename, lang)
