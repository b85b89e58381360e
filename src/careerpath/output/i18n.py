"""The language careerpath speaks: message catalogues, the choice of language, numbers.

English is the source language: every message is written in English in the code, marked
with ``_()`` (or ``ngettext()`` where it has a plural), and looked up at run time in the
catalogue of the chosen language (``locale/<code>/LC_MESSAGES/careerpath.mo``). A message a
catalogue lacks prints in English.

The language is chosen once per command line (``use``): ``--lang``, else ``$CAREERPATH_LANG``,
else the locale the user runs in (``$LANGUAGE``, ``$LC_ALL``, ``$LC_MESSAGES``, ``$LANG``, read
as gettext reads them), else English. Only the standard library is imported here: start-up
pays for opening one small ``.mo`` file, nothing more.

Numbers are written as the language writes them. English, Finnish and Norwegian numbers are
written here; any other language the data has names in (ESCO: ``fr``, ``de``, ...) asks Babel,
imported only then: Babel and its locale data would cost every command some 15 ms.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from careerpath.messages import Message, Number, Parameter

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "careerpath"
LOCALE_DIR = Path(__file__).parent / "locale"
CATALOGUES = ("fi", "nb")
"""Languages with an interface catalogue; English needs none."""

OWN_NUMBERS = ("en", *CATALOGUES)
"""Languages whose numbers are written here, without Babel (and exactly as before it)."""

ALIASES = {"no": "nb"}
"""Codes people (and locales) use for a language careerpath speaks: Norwegian is Bokmål here."""

LOCALE_FALLBACKS = {"nn": "nb"}
"""A locale whose language has no catalogue but a close one: Nynorsk users read Bokmål."""

_translation: gettext.NullTranslations | None = None
_language: str | None = None


def language_of_locale(value: str) -> str | None:
    """The language code of a locale name: ``fi_FI.UTF-8`` -> ``fi``, ``no_NO`` -> ``nb``.

    None for an empty value and for ``C``/``POSIX``, which name no language.
    """
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if not code or code in {"c", "posix"}:
        return None
    code = ALIASES.get(code, code)
    return LOCALE_FALLBACKS.get(code, code)


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The language asked for by ``$CAREERPATH_LANG``, else by the locale, else ``en``.

    The locale variables are read in gettext's order; ``$LANGUAGE`` may list several
    languages (``fi:en``), of which the first one careerpath speaks wins.
    """
    env = os.environ if environ is None else environ
    own = env.get("CAREERPATH_LANG", "").strip()
    if own:
        return ALIASES.get(own.lower(), own.lower())
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if not value:
            continue
        for part in value.split(":"):
            code = language_of_locale(part)
            if code is not None and (code == "en" or code in CATALOGUES):
                return code
        if variable != "LANGUAGE":
            # The first locale variable that is set decides, as in gettext.
            return "en"
    return "en"


def use(language: str | None) -> str:
    """Speak *language* from now on (None: the one the environment asks for); returns it.

    A language without a catalogue speaks English.
    """
    global _translation, _language
    code = language_from_environment() if language is None else language
    code = ALIASES.get(code.lower(), code.lower())
    if code in CATALOGUES:
        _translation = gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=[code], fallback=True
        )
    else:
        _translation = gettext.NullTranslations()
    _language = code
    return code


def current() -> str:
    """The language in use (chosen from the environment on first use)."""
    if _language is None:
        return use(None)
    return _language


def interface_language() -> str:
    """The language of the messages: the current language if it has a catalogue, else en."""
    code = current()
    return code if code in CATALOGUES else "en"


def _active() -> gettext.NullTranslations:
    if _translation is None:
        use(None)
    assert _translation is not None
    return _translation


def _(message: str) -> str:
    """*message* in the current language."""
    return _active().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """*singular* or *plural* by *count*, in the current language."""
    return _active().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks *message* for the catalogue without translating it (it is translated where used)."""
    return message


def _separators() -> tuple[str, str]:
    """(decimal point, thousands separator) of the current language."""
    if interface_language() == "en":
        return ".", ","
    return ",", "\u00a0"  # a no-break space: 45 000 never wraps between its digits


def _babel_locale() -> Locale | None:
    """Babel's locale for the current language's numbers; None where they are written here
    (en, fi, nb, and a language Babel does not know, which is written as English)."""
    code = current()
    return None if code in OWN_NUMBERS else _known_locale(code)


@cache
def _known_locale(code: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def _sign(negative: bool, signed: bool, locale: Locale) -> str:
    """The sign Babel's *locale* writes before a number (Babel's own patterns give ``-``)."""
    from babel.numbers import get_minus_sign_symbol, get_plus_sign_symbol

    if negative:
        return get_minus_sign_symbol(locale)
    return get_plus_sign_symbol(locale) if signed else ""


def decimal(value: float, places: int = 2, *, trim: bool = True) -> str:
    """*value* with at most *places* decimals (trailing zeros trimmed when *trim*):
    ``2.12`` in English, ``2,12`` in Finnish and Norwegian."""
    text = f"{value:.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    locale = _babel_locale()
    if locale is not None:
        from babel.numbers import format_decimal

        # The digits are rounded above, as in every language; Babel only writes them.
        pattern = "#,##0." + ("#" if trim else "0") * places
        figure = Decimal(text)
        return _sign(figure < 0, False, locale) + format_decimal(abs(figure), pattern, locale)
    point, _sep = _separators()
    return text.replace(".", point)


def integer(value: int, *, signed: bool = False) -> str:
    """A whole number with thousands grouped: ``45,000`` in English, ``45 000`` in fi/nb."""
    locale = _babel_locale()
    if locale is not None:
        from babel.numbers import format_decimal

        return _sign(value < 0, signed, locale) + format_decimal(abs(value), locale=locale)
    text = f"{value:+,}" if signed else f"{value:,}"
    _point, separator = _separators()
    if separator != ",":
        text = text.replace(",", separator)
        if text.startswith("-"):
            text = "\u2212" + text[1:]  # the minus sign, as Nordic typography writes it
    return text


def percent(value: int | str) -> str:
    """A percentage: ``62%`` in English, ``62 %`` in Finnish and Norwegian."""
    locale = _babel_locale()
    if locale is not None:
        from babel.numbers import format_percent

        share = Decimal(str(value)) / 100
        written = format_percent(abs(share), locale=locale, decimal_quantization=False)
        return _sign(share < 0, False, locale) + written
    if interface_language() == "en":
        return f"{value}%"
    return f"{value}\u00a0%"


_ALPHABET_ENDS = {
    # Letters a language sorts after z, in its order; other accented letters sort with their
    # base letter (é with e, ü with u), as in English.
    "fi": "åäö",
    "sv": "åäö",
    "nb": "æøå",
    "no": "æøå",
    "da": "æøå",
}


def collation_key(text: str, language: str | None = None) -> tuple[str, str]:
    """A sort key that orders *text* in the alphabet of *language* (default: the current one):
    Finnish ``ä`` and ``ö`` after ``z``, Norwegian ``æ``, ``ø``, ``å`` after it; case and
    other accents only break ties. (PyICU would do this for every language; it is not a
    dependency, and these are the alphabets the interface speaks.)"""
    import unicodedata

    ends = _ALPHABET_ENDS.get(current() if language is None else language, "")
    letters = []
    for char in text.casefold():
        if char in ends:
            letters.append(chr(0x10FF00 + ends.index(char)))  # after every other letter
            continue
        base = unicodedata.normalize("NFD", char)[0]
        letters.append(base)
    return "".join(letters), text


def _parameter_as_option(name: str) -> str:
    return "--" + name.replace("_", "-")


_say_parameter: Callable[[str], str] = _parameter_as_option


def name_parameters(say: Callable[[str], str]) -> None:
    """How a library parameter named in a message is said (the command line: as its option)."""
    global _say_parameter
    _say_parameter = say


def speak(text: str) -> str:
    """*text* in the current language: a library :class:`~careerpath.messages.Message` is
    translated with its arguments; plain text (a name from a data file) is left as it is."""
    if isinstance(text, Parameter):
        return _say_parameter(str(text))
    if not isinstance(text, Message):
        return str(text)
    if text.joined:
        return speak(text.args["separator"]).join(speak(part) for part in text.args["parts"])
    if text.plural is not None and text.number is not None:
        template = ngettext(text.template, text.plural, text.number)
    else:
        template = _(text.template)
    if not text.args:
        return template
    return template.format(**{name: _spoken(value) for name, value in text.args.items()})


def _spoken(value: object) -> object:
    if isinstance(value, Number):
        return integer(value)
    return speak(value) if isinstance(value, str) else value
