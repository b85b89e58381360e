"""Layouts that fit the width they are drawn at: ids and short values never wrap, longer text
wraps at spaces, and a table that cannot keep its words whole gives way to a narrower layout
with the same information.

Every string that came from a data file reaches Rich as :class:`rich.text.Text` (see
:func:`plain`), never as a plain ``str``: Rich would read ``[bold]`` or ``[link=...]`` in it
as markup.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from careerpath.output.i18n import speak

# --------------------------------------------------------------------------- layouts that fit
#
# Rich shrinks a table that is too wide by narrowing its widest columns, folding words (and ids)
# in the middle when a column gets narrower than its longest word. The helpers here decide the
# column widths themselves: every column gets at least its longest word (a ``no_wrap`` column its
# longest line), the room left is shared out, and when even that is too wide a narrower layout is
# drawn instead.

UNBOUNDED = 1_000_000
"""A width no line of ours reaches: what a console not writing to a terminal is given."""


def _natural(options: ConsoleOptions) -> ConsoleOptions:
    return options.update_width(UNBOUNDED)


def _column_ranges(
    console: Console, options: ConsoleOptions, table: Table
) -> tuple[list[int], list[int]]:
    """Each column's narrowest width that keeps its words whole, and its natural width."""
    natural = _natural(options)
    lows: list[int] = []
    highs: list[int] = []
    for column in table.columns:
        # A heading stays on one line: it is as unbreakable as an id.
        headings: list[RenderableType] = []
        if table.show_header:
            headings.append(column.header)
        if table.show_footer:
            headings.append(column.footer)
        low = high = 1  # Rich gives an empty column one cell too
        for cell in column.cells:
            measured = Measurement.get(console, natural, cell)
            high = max(high, measured.maximum)
            low = max(low, measured.maximum if column.no_wrap else measured.minimum)
        for heading in headings:
            width = Measurement.get(console, natural, heading).maximum
            low, high = max(low, width), max(high, width)
        lows.append(low)
        highs.append(high)
    return lows, highs


def _share(room: int, lows: Sequence[int], highs: Sequence[int]) -> list[int]:
    """Widths from *lows* towards *highs*, adding up to at most *room*.

    The room beyond the lows is shared out evenly, except that a column needing less than an
    even share gets just what it needs and leaves the rest to the others.
    """
    widths = list(lows)
    spare = room - sum(widths)
    wanting = [index for index in range(len(widths)) if highs[index] > widths[index]]
    while spare > 0 and wanting:
        share = spare // len(wanting)
        settled = [index for index in wanting if highs[index] - widths[index] <= share]
        if settled:
            for index in settled:
                spare -= highs[index] - widths[index]
                widths[index] = highs[index]
            wanting = [index for index in wanting if index not in settled]
            continue
        for position, index in enumerate(wanting):
            extra = share + (1 if position < spare - share * len(wanting) else 0)
            widths[index] += extra
        spare = 0
    return widths


def _overhead(console: Console, options: ConsoleOptions, table: Table) -> int:
    """The width *table* adds to its columns' content: padding, and borders between columns.

    Measured by Rich itself on an empty copy whose columns are one cell wide, rather than on
    every cell of the table again.
    """
    empty = copy.copy(table)
    empty.columns = [dataclasses.replace(column, width=1, _cells=[]) for column in table.columns]
    empty.rows = []
    return Measurement.get(console, _natural(options), empty).maximum - len(empty.columns)


def fit_table(console: Console, options: ConsoleOptions, table: Table) -> Table | None:
    """*table* with column widths that keep every word whole within the width, else None.

    A table whose natural width fits comes back unchanged.
    """
    lows, highs = _column_ranges(console, options, table)
    room = options.max_width - _overhead(console, options, table)
    if sum(highs) <= room:
        return table
    if sum(lows) > room:
        return None
    fitted = copy.copy(table)
    fitted.columns = [
        dataclasses.replace(column, width=width)
        for column, width in zip(table.columns, _share(room, lows, highs), strict=True)
    ]
    return fitted


def _fitting(
    console: Console, options: ConsoleOptions, layout: RenderableType
) -> RenderableType | None:
    if isinstance(layout, Table):
        return fit_table(console, options, layout)
    if Measurement.get(console, options, layout).minimum <= options.max_width:
        return layout
    return None


class FirstFit:
    """The first of several layouts that fits the width without breaking a word.

    When none does, the last one is drawn (it should be the narrowest), and words longer than
    the line are folded there as a last resort.
    """

    def __init__(self, *layouts: RenderableType) -> None:
        if not layouts:
            raise ValueError("FirstFit needs at least one layout")
        self.layouts = layouts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for layout in self.layouts:
            fitting = _fitting(console, options, layout)
            if fitting is not None:
                yield fitting
                return
        yield self.layouts[-1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measures = [Measurement.get(console, options, layout) for layout in self.layouts]
        return Measurement(min(m.minimum for m in measures), measures[0].maximum)


def stacked(table: Table) -> RenderableType:
    """The rows of *table* as blocks: the first cell, then each other cell under its heading.

    The narrow form of a table that has no narrower layout of its own.
    """
    columns = table.columns
    blocks: list[RenderableType] = []
    rows = zip(*(list(column.cells) for column in columns), strict=True)
    for head, *rest in rows:
        blocks.append(_as_text(head, "bold"))
        for column, cell in zip(columns[1:], rest, strict=True):
            label = Text(f"{column.header}: " if column.header else "", style="dim")
            value = _as_text(cell)
            if isinstance(value, Text):
                block: RenderableType = label + value
            else:
                block = Group(label, value)
            blocks.append(Padding(block, (0, 0, 0, 2)))
    return Group(*blocks)


def _as_text(cell: RenderableType, style: str = "") -> RenderableType:
    if isinstance(cell, str):
        return Text(cell, style=style)
    if isinstance(cell, Text) and style:
        styled = cell.copy()
        styled.stylize(style)
        return styled
    return cell


def fit(table: Table) -> FirstFit:
    """*table* sized to keep words whole, or stacked into blocks where it cannot be."""
    return FirstFit(table, stacked(table))


class Phrases:
    """Phrases joined by separators that break onto a new line only between phrases.

    A header such as ``Rep  →  Lead  ·  by fewest steps`` then never leaves one word of a
    phrase alone on a line; a phrase wider than the whole line still wraps at its spaces.
    A phrase given as ``(separator, phrase)`` is joined by that separator instead of the
    common one; a separator where the line breaks is left out.
    """

    def __init__(
        self,
        phrases: Iterable[Text | tuple[str, Text]],
        separator: str = "  ·  ",
        style: str = "dim",
        *,
        whole: bool = False,
    ) -> None:
        self.whole = whole
        """Each phrase is as unbreakable as a word: a table column holding it is never
        narrower than its widest phrase (a title is never split over lines)."""
        self.parts: list[tuple[Text, Text]] = []
        for item in phrases:
            joint, phrase = item if isinstance(item, tuple) else (separator, item)
            if phrase.plain:
                self.parts.append((Text(joint, style=style), phrase))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines: list[Text] = []
        line = Text()
        for joint, phrase in self.parts:
            if line.plain and cell_len(line.plain + joint.plain + phrase.plain) > options.max_width:
                lines.append(line)
                line = Text()
            if line.plain:
                line.append_text(joint)
            line.append_text(phrase)
        lines.append(line)
        yield Text("\n").join(lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self.parts:
            return Measurement(0, 0)
        if self.whole:
            widest_word = max(cell_len(phrase.plain) for _, phrase in self.parts)
        else:
            widest_word = max(Measurement.get(console, options, p).minimum for _, p in self.parts)
        whole = sum(cell_len(joint.plain + phrase.plain) for joint, phrase in self.parts)
        return Measurement(widest_word, whole - cell_len(self.parts[0][0].plain))


class Trimmed:
    """A renderable drawn without the spaces that pad its lines on the right.

    Tables pad every cell to its column's width; in a pipe those spaces only get in the way.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        end = Segment.line()
        for line in console.render_lines(self.renderable, options, pad=False):
            yield from _without_trailing_spaces(line)
            yield end

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


def _without_trailing_spaces(line: list[Segment]) -> list[Segment]:
    segments = list(line)
    while segments and not segments[-1].control:
        last = segments[-1]
        text = last.text.rstrip(" ")
        if text:
            segments[-1] = Segment(text, last.style)
            break
        segments.pop()
    return segments


class ByWidth:
    """Draws *wide* where the output is at least *min_width* columns wide, else *narrow*."""

    def __init__(self, min_width: int, wide: RenderableType, narrow: RenderableType) -> None:
        self.min_width = min_width
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.min_width else self.narrow


def plain(value: object, style: str = "") -> Text:
    """Data as literal text: markup characters print as themselves; a library message is
    said in the current language."""
    return Text(speak(value) if isinstance(value, str) else str(value), style=style)


def heading(label: str) -> Text:
    """A section heading: bold and underlined."""
    return Text(label, style="bold underline")
