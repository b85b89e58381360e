"""One run of the command line: its options, its dataset, its consoles and how it answers.

Every command takes its :class:`State` from :func:`state`, asks the library one question and
prints the answer with :func:`answer`; :func:`handle_errors` turns the library's errors into a
message on stderr and an exit code.
"""

from __future__ import annotations

import functools
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, ParamSpec, TypeVar

import typer

from careerpath.output.i18n import _, speak

if TYPE_CHECKING:
    from types import ModuleType

    from rich.console import Console, RenderableType

    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role
    from careerpath.errors import AmbiguousName, NoPath
    from careerpath.queries.inferred import InferredSteps
    from careerpath.queries.names import Match, RoleIndex
    from careerpath.queries.profile import Profile
    from careerpath.queries.similarity import SimilarityIndex

P = ParamSpec("P")
R = TypeVar("R")

Renderer = Callable[["ModuleType"], Callable[[Any], "RenderableType"]]
"""Picks a render function from the module ``careerpath.output.render`` (see ``answer``)."""


AFTER_COMMAND = "careerpath.after_command"
"""Where the options written after the command wait (in ``ctx.meta``) until ``state()``."""


def _current_language() -> str:
    from careerpath.output import i18n

    return i18n.current()


@dataclass
class State:
    """The options every command takes: before the command, or after it (which wins)."""

    lang: str = field(default_factory=lambda: _current_language())
    data: list[str] = field(default_factory=list)
    cache: bool = True
    lang_named: bool = False
    """True when --lang chose the language, False when $CAREERPATH_LANG or the locale did."""
    _ladder: Ladder | None = None
    _lang_checked: bool = False
    _role_index: RoleIndex | None = None
    one_shot: ClassVar[bool] = False
    """True in the console script, which runs one command and exits."""

    def ladder(self) -> Ladder:
        """The dataset chosen by --data / $CAREERPATH_DATA, loaded once; a --lang it has no
        names in is refused."""
        ladder = self.dataset()
        if not self._lang_checked:
            _check_language(ladder, self.lang, self.lang_named)
            self._lang_checked = True
        return ladder

    def dataset(self) -> Ladder:
        """The dataset, loaded once, whatever --lang says (shell completion uses English)."""
        if self._ladder is None:
            from careerpath.data.cache import paused_gc
            from careerpath.data.load import load

            # A process that runs one command need never scan what the load built again
            # (freezing in a longer-lived process, such as a test run, would keep its garbage).
            with paused_gc(freeze=self.one_shot):
                self._ladder = load(self.data or None, cache=self.cache)
        return self._ladder

    def role(self, query: str) -> Role:
        """The role a command-line argument names (as ``names.find_role`` finds it).

        When it was found by a name other than the one typed (not an exact id, title or
        alias), a line on stderr says which name matched.
        """
        exact = self.ladder().roles.get(query)
        if exact is not None:  # an id needs no index of every name
            return exact
        from careerpath.queries.names import exact_role

        # A whole name of one role: one indexed read, not the index of every name.
        found = exact_role(self.ladder(), query) or self._resolve(query)
        if isinstance(found, str):
            return self.ladder().roles[found]
        match = found
        from careerpath.queries.names import named_as_typed

        if not named_as_typed(query, match):
            say_matched(self, query, match)
        return self.ladder().roles[match.id]

    def _resolve(self, query: str) -> Match | str:
        """What the index of every role name finds for *query* (or the id chosen at a prompt
        between roles it names alike)."""
        if self._role_index is None:  # built once: it costs a pass over every role's names
            from careerpath.queries.names import role_index

            self._role_index = role_index(self.ladder(), self.lang)
        from careerpath.errors import AmbiguousRole

        try:
            return self._role_index.resolve(query)
        except AmbiguousRole as exc:
            if not interactive():
                raise
            return choose(exc)


def say_matched(st: State, query: str, match: Match) -> None:
    """Say on stderr which name *query* found its role by: one line, never on stdout."""
    from careerpath.output.matched import matched_note

    name = None if match.hidden else match.id if match.kind == "id" else match.name
    role = st.ladder().roles[match.id].title.get(st.lang)
    sources = frozenset(st.ladder().sources)
    typer.echo(matched_note(query, match.kind, name, role, sources), err=True)


def _check_language(ladder: Ladder, lang: str, by_option: bool = True) -> None:
    """Refuse a --lang beyond en, fi and nb that no role of *ladder* has names in, naming the
    languages of the data and those of the interface apart, and where the code came from:
    --lang (*by_option*) or $CAREERPATH_LANG."""
    from careerpath.data.records import LANGUAGES
    from careerpath.errors import UsageError

    if lang in LANGUAGES:
        return
    named = ladder.title_languages()
    if lang in named:
        return
    from careerpath.output.i18n import CATALOGUES

    if by_option:
        message = _(
            "--lang {code}: this dataset has names in {data}, not in {lang}; "
            "the interface speaks {interface}"
        )
    else:
        message = _(
            "CAREERPATH_LANG={code}: this dataset has names in {data}, not in {lang}; "
            "the interface speaks {interface}"
        )
    raise UsageError(
        message.format(
            code=lang,
            lang=repr(lang),
            data=", ".join(sorted(named)),
            interface=", ".join(["en", *CATALOGUES]),
        )
    )


def state(ctx: typer.Context) -> State:
    """The options of this run: those given before the command, overridden by those after it."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        # Shell completion parses the command line without running the group's callback.
        given = root.params
        root.obj = State(
            lang=given.get("lang") or _current_language(),
            data=list(given.get("data") or []),
            cache=not given.get("no_cache"),
        )
    svg = ctx.params.get("svg")
    if svg is not None:  # an image that cannot be written fails before any work or output
        from careerpath.data.files import check_writable

        check_writable(Path(svg), force=True)
    st: State = root.obj
    st.lang_named = st.lang_named or root.params.get("lang") is not None
    after = ctx.meta.pop(AFTER_COMMAND, None)
    if after:
        st.lang_named = st.lang_named or "lang" in after
        st.lang = after.get("lang", st.lang)
        st.data = list(after.get("data", st.data))
        st.cache = st.cache and not after.get("no_cache", False)
        st._ladder = st._role_index = None
        st._lang_checked = False
    return st


def interactive() -> bool:
    """True when a person can answer a question: stdin and stderr are both a terminal."""
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def choose(exc: AmbiguousName) -> str:
    """Ask on stderr which of an ambiguous name's candidates is meant; returns its id."""
    lines = [speak(exc.heading())]
    for number, ((ident, title), name) in enumerate(zip(exc.candidates, exc.names, strict=True), 1):
        if name is None:
            lines.append(f"  {number}. {title} ({ident})")
        else:
            lines.append(f"  {number}. {title} ({ident}): {name!r}")
    typer.echo("\n".join(lines), err=True)
    count = len(exc.candidates)
    while True:  # ends with an answer, or with Ctrl-C / end of input (typer aborts, exit 1)
        number = typer.prompt(_("Which one? [1-{count}]").format(count=count), type=int, err=True)
        if 1 <= number <= count:
            return str(exc.candidates[number - 1][0])
        typer.echo(_("Answer with a number from 1 to {count}.").format(count=count), err=True)


def your_skills(st: State, have: list[str] | None, profile: Path | None) -> Profile | None:
    """The skills given by --have (all of them) and --profile (--have wins), or None."""
    from careerpath.queries.profile import your_profile

    if not have and profile is None:
        return None
    return your_profile(st.ladder(), profile, have or None, st.lang)


def gap_ends(
    st: State, roles: list[str], have: list[str] | None, profile: Path | None
) -> tuple[Role | None, Role, Profile | None]:
    """FROM (None: from your skills alone), TO and your skills, as ``gap`` is given them:
    FROM and TO, or TO with --have or --profile (whose role, if it names one, is FROM)."""
    from careerpath.errors import UsageError

    if len(roles) > 2:
        raise UsageError(
            _("gap takes FROM and TO, not {count} roles; quote multi-word names").format(
                count=len(roles)
            )
        )
    me = your_skills(st, have, profile)
    target = st.role(roles[-1])
    source = st.role(roles[0]) if len(roles) == 2 else None
    if source is None and me is not None and me.role is not None:
        source = st.ladder().roles[me.role]
    if source is None and (me is None or not me.skills):
        raise UsageError(_("give FROM and TO, or TO with your skills (--have or --profile)"))
    return source, target, me


def where_you_stand(
    st: State, role: str | None, have: list[str] | None, profile: Path | None
) -> tuple[Role, Profile | None]:
    """The role ``next`` leaves from (ROLE, else --profile's role) and your skills."""
    from careerpath.errors import UsageError

    me = your_skills(st, have, profile)
    if role is not None:
        return st.role(role), me
    if me is not None and me.role is not None:
        return st.ladder().roles[me.role], me
    raise UsageError(_("name a ROLE, or give a --profile that names your current role"))


def similar_subject(
    st: State, role: str | None, have: list[str] | None, profile: Path | None
) -> Role | Profile:
    """What ``similar`` measures from: your skills (standing in ROLE when given), else ROLE,
    else --profile's role."""
    from careerpath.errors import UsageError

    me = your_skills(st, have, profile)
    source = st.role(role) if role is not None else None
    if me is not None and me.skills:
        from dataclasses import replace

        # Measured from your skills; ROLE, when given, is where you stand instead of the
        # profile's role.
        return replace(me, role=source.id) if source is not None else me
    if source is not None:
        return source
    if me is not None and me.role is not None:
        return st.ladder().roles[me.role]
    raise UsageError(_("name a ROLE, or give your skills with --have or --profile"))


def inferred_steps(
    st: State, inferred: bool, min_similarity: float | None, down: bool, *, note: bool = True
) -> InferredSteps | None:
    """The inferred moves --inferred, --min-similarity and --down ask for, or None (the rule
    is :func:`careerpath.queries.inferred.inferred_rule`).

    On a dataset that lists no steps at all (ESCO), inferred moves are used without asking,
    and, with *note*, stderr says so once, with the threshold used and why.
    """
    from careerpath.queries.inferred import inferred_rule

    rule = inferred_rule(
        st.ladder(),
        lambda: similarity(st, nearest=True),
        inferred=inferred,
        min_similarity=min_similarity,
        down=down,
    )
    if rule is not None and rule.automatic and note:
        from careerpath.output.render import render_inferred_note

        stderr_console().print(render_inferred_note(rule), soft_wrap=True)
    return rule


def similarity(st: State, *, nearest: bool = False) -> SimilarityIndex:
    """The similarity index of the dataset, from the cache when an earlier run stored it."""
    from careerpath.queries.similarity import similarity_index

    return similarity_index(st.ladder(), st.data or None, cache=st.cache, nearest=nearest)


def no_route(exc: NoPath, rule: InferredSteps | None) -> NoReturn:
    """Say on stderr that no route leads there (and, with inferred moves, how far they were
    allowed), with the nearest roles that can be reached; exits 1."""
    from careerpath.output.i18n import decimal
    from careerpath.output.render import render_no_route

    message = speak(exc.message)
    if rule is not None:
        if rule.down:
            more = _(
                "inferred moves included: similarity at least {figure}; a lower "
                "--min-similarity allows more"
            )
        else:
            more = _(
                "inferred moves included: similarity at least {figure}, none down; a lower "
                "--min-similarity allows more"
            )
        message += " (" + more.format(figure=decimal(rule.min_similarity, 6)) + ")"
    from rich.console import Group
    from rich.text import Text

    parts = [render_no_route(message, exc.nearest)]
    if exc.nearest:
        parts.append(
            Text(
                _(
                    "(nearest: the roles you can reach on the destination's track first, then "
                    "those closest to it in level)"
                ),
                style="dim",
            )
        )
    if rule is None:
        parts.append(
            Text(
                _(
                    "Try --inferred: it adds moves between roles that share skills, which "
                    "the data does not list as steps."
                )
            )
        )
    stderr_console().print(Group(*parts), soft_wrap=True)
    raise typer.Exit(1)


def _console(stderr: bool = False) -> Console:
    """A console for stdout (or stderr) as wide as the terminal it writes to.

    Output that is not a terminal (a pipe, a file) is not wrapped at all, so ``grep`` and
    editors see whole lines. $COLUMNS, when set, is the width asked for either way. Rich alone
    would wrap a pipe at the width of whichever of stdin/stdout/stderr is a terminal, or at 80.
    """
    import os

    from rich.console import Console

    from careerpath.output.render import UNBOUNDED

    stream = sys.stderr if stderr else sys.stdout
    columns = os.environ.get("COLUMNS", "")
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        terminal = False
    width = None if columns.isdigit() or terminal else UNBOUNDED
    return Console(stderr=stderr, width=width)


def stdout_console() -> Console:
    """A console for the answer (stdout)."""
    return _console()


def stderr_console() -> Console:
    """A console for messages and errors (stderr)."""
    return _console(stderr=True)


def emit(renderable: RenderableType, svg: Path | None = None) -> None:
    """Print a rendered result on stdout; with *svg*, also save what was printed as an image."""
    from careerpath.output.render import UNBOUNDED, Trimmed

    console = stdout_console()
    if svg is None:
        console.print(Trimmed(renderable))
        return
    from rich.console import Console
    from rich.measure import Measurement

    width = console.width
    if width >= UNBOUNDED:  # the image of piped output is as wide as its longest line
        width = max(1, Measurement.get(console, console.options, renderable).maximum)
    recorder = Console(record=True, width=width, force_terminal=True, file=io.StringIO())
    recorder.print(Trimmed(renderable))
    console.print(Trimmed(renderable))
    from careerpath.data.files import write_atomically

    write_atomically(svg, recorder.export_svg(title="careerpath"), force=True)


def answer(result: Any, as_json: bool, renderer: Renderer, svg: Path | None = None) -> None:
    """Print a result object: its ``to_json()`` with --json, else what the render function
    *renderer* picks from ``careerpath.output.render`` draws of it.

    *renderer* is handed that module (``lambda render: render.render_routes``) rather than
    being the function itself, so that the module, and Rich with it, is imported only without
    --json.
    """
    if as_json:
        emit_json(result.to_json())
        return
    from careerpath.output import render

    emit(renderer(render)(result), svg)


def emit_json(document: Any) -> None:
    """Print one JSON document on stdout."""
    import json

    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def deliver(text: str, output: Path | None, *, force: bool) -> None:
    """Print *text* on stdout (no *output*, or ``-``, as for ``import``), or write it to
    *output* (an existing file only with *force*)."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from careerpath.data.files import write_atomically

    write_atomically(output, text, force=force)


def _forget_store(exc: Exception) -> None:
    """Remove the damaged store *exc* names and the dataset read from it."""
    import os
    from contextlib import suppress

    path = getattr(exc, "path", None)
    if path:
        with suppress(OSError):
            os.unlink(path)
    from typer._click.globals import get_current_context

    with suppress(RuntimeError):
        root = get_current_context().find_root()
        if isinstance(root.obj, State):
            root.obj._ladder = root.obj._role_index = None


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's errors into a message on stderr and exit code 1 (2 for usage)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from careerpath.errors import CareerpathError, InvalidDataset, StoreDamaged, UsageError

        try:
            try:
                return command(*args, **kwargs)
            except StoreDamaged as exc:
                # The cached copy went bad after it was opened: drop it, load afresh, once.
                _forget_store(exc)
                return command(*args, **kwargs)
        except InvalidDataset as exc:
            from careerpath.output.render import render_error, render_problems

            console = stderr_console()
            console.print(render_problems(exc.problems), soft_wrap=True)
            console.print(render_error(exc.message), soft_wrap=True)
            raise typer.Exit(1) from None
        except UsageError as exc:
            from careerpath.output.render import render_error

            stderr_console().print(render_error(exc.message), soft_wrap=True)
            raise typer.Exit(2) from None
        except CareerpathError as exc:
            from careerpath.output.render import render_error

            stderr_console().print(render_error(exc.message), soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper
