"""The index of every name a search looks in, packed for :mod:`marshal`: columns, posting
lists and the sorted exact keys as strings and arrays (see :data:`IndexData`)."""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from careerpath.data.text import normalize
from careerpath.queries.name_words import STOP_WORDS, fold_words, name_key, virtual_words

KIND_ID, KIND_TITLE, KIND_ALIAS, KIND_HIDDEN = 0, 1, 2, 3
KIND_NAMES = ("id", "title", "alias", "alias")
"""What each kind of name is called in a match: a hidden name is an alias never shown."""

IndexData = tuple[  # a tuple, as marshal stores it
    list[str],  # ids
    str,  # every name's text, separated by NUL
    bytes,  # where each name's text starts in it (array "I", one more than the names)
    bytes,  # owner of each name: an index into ids (array "I")
    bytes,  # kind of each name (array "B")
    bytes,  # folded words of each name (array "B", at most 255)
    str,  # every exact key (a name's folded words, sorted), in order, separated by NUL
    bytes,  # where each exact key starts in it (array "I", one more than the keys)
    bytes,  # the name with each exact key, or SHARED + an index into the next (array "I")
    bytes,  # the names of the keys several names share, one run after another (array "I")
    bytes,  # where each shared key's run starts (array "I", one more than those keys)
    str,  # the vocabulary (every word of a name), sorted, separated by newlines
    bytes,  # where each word starts in it (array "I", one more than the words)
    bytes,  # names holding each word, one run after another (array "I"): name * 2, + 1
    # when through an acronym
    bytes,  # where each word's run starts (array "I", one more than the words)
    bytes,  # the exact key of each name: an index into the keys (array "I")
]
"""An index as plain values :mod:`marshal` stores and loads fast: columns, posting lists and
the sorted exact keys are packed strings and arrays, searched (bisected) where they lie, not
unpacked into tens of thousands of objects when a process starts."""

SHARED = 1 << 31


Entry = (
    tuple[str, Iterable[str], Iterable[str]]
    | tuple[str, Iterable[str], Iterable[str], Iterable[str]]
)
"""What :func:`build_index` indexes of one thing: id, titles, aliases and, optionally, hidden
names (found by, never shown)."""


def build_index(entries: Iterable[Entry], *, ids: bool = True) -> IndexData:
    """The index of *entries*: (id, titles, aliases[, hidden names]); with *ids*, each id is
    a name too."""
    owned: list[str] = []
    texts: list[str] = []
    owners = array("I")
    kinds = array("B")
    sizes = array("B")
    exact: dict[str, list[int]] = {}
    postings: dict[str, list[int]] = {}
    for ident, titles, aliases, *hidden in entries:
        owner = len(owned)
        owned.append(ident)
        # Titles first: an id that reads like a title shows the title as what matched.
        named = [(KIND_TITLE, title) for title in titles]
        if ids:
            named.append((KIND_ID, ident.replace("-", " ").replace("_", " ")))
        named += [(KIND_ALIAS, alias) for alias in aliases]
        named += [(KIND_HIDDEN, name) for names in hidden for name in names]
        seen: set[tuple[int, str]] = set()
        for kind, text in named:
            raw = normalize(text).split()
            words = fold_words(raw)
            kept = [word for word in words if word not in STOP_WORDS] or words
            if not kept or (kind, " ".join(kept)) in seen:
                continue
            seen.add((kind, " ".join(kept)))
            number = len(texts)
            texts.append(text.replace("\0", " "))
            owners.append(owner)
            kinds.append(kind)
            sizes.append(min(len(kept), 255))
            exact.setdefault(name_key(kept), []).append(number)
            real = set(kept) | {word for word in raw if word not in STOP_WORDS}
            for word in real:
                postings.setdefault(word, []).append(number * 2)
            for word in virtual_words(kept):
                postings.setdefault(word, []).append(number * 2 + 1)
    keys = sorted(exact)
    key_of = array("I", [0]) * len(texts)
    for number, key in enumerate(keys):
        for name in exact[key]:
            key_of[name] = number
    holders = array("I")
    shared, starts = array("I"), array("I", [0])
    for key in keys:
        if len(exact[key]) == 1:
            holders.append(exact[key][0])
        else:
            holders.append(SHARED + len(starts) - 1)
            shared.extend(exact[key])
            starts.append(len(shared))
    vocabulary = sorted(postings)
    held = array("I")
    runs = array("I", [0])
    for word in vocabulary:
        held.extend(postings[word])
        runs.append(len(held))
    return (
        owned,
        "\0".join(texts),
        _offsets(texts).tobytes(),
        owners.tobytes(),
        kinds.tobytes(),
        sizes.tobytes(),
        "\0".join(keys),
        _offsets(keys).tobytes(),
        holders.tobytes(),
        shared.tobytes(),
        starts.tobytes(),
        "\n".join(vocabulary),
        _offsets(vocabulary).tobytes(),
        held.tobytes(),
        runs.tobytes(),
        key_of.tobytes(),
    )


def _offsets(texts: list[str]) -> array[int]:
    """Where each of *texts* starts once joined by one separator, and where the last ends."""
    offsets = array("I", [0])
    for text in texts:
        offsets.append(offsets[-1] + len(text) + 1)
    return offsets


def unpack(code: str, packed: bytes) -> array[int]:
    values = array(code)
    values.frombytes(packed)
    return values
