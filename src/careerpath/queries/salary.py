"""Pay before and after a move, like for like (``gap``'s salary table)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from careerpath.data.records import text_in
from careerpath.data.text import normalize

if TYPE_CHECKING:
    from careerpath.data.records import Role


@dataclass(frozen=True)
class SalaryChange:
    """Pay in one city before and after the move, in the same currency and period."""

    city: str
    currency: str
    period: str
    from_low: int
    from_high: int
    to_low: int
    to_high: int
    from_applies_to: str | None
    to_applies_to: str | None

    @property
    def change_low(self) -> int:
        return self.to_low - self.from_low

    @property
    def change_high(self) -> int:
        return self.to_high - self.from_high

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["change"] = {"low": self.change_low, "high": self.change_high}
        return data


def salary_changes(source: Role, target: Role, lang: str = "en") -> list[SalaryChange]:
    """Pay before and after, like for like: the ranges that apply to each role itself.

    A range a card quotes for another group (``comparison: true``, e.g. the individual
    contributors a manager leads) is left out. Figures pair up only in the same city, currency
    and period; a city with no such pair is left out rather than shown as no change.
    """
    own_before = [pay for pay in source.salaries if not pay.comparison]
    own_after = [pay for pay in target.salaries if not pay.comparison]
    pairs = [
        (before, after)
        for after in own_after
        for before in own_before
        if (normalize(before.city), before.currency, before.period)
        == (normalize(after.city), after.currency, after.period)
    ]
    # Where a city has figures for the same group of people in both roles, only those pair up.
    same_group = {
        normalize(before.city)
        for before, after in pairs
        if before.applies_to and before.applies_to == after.applies_to
    }
    return [
        SalaryChange(
            after.city,
            after.currency,
            after.period,
            before.low,
            before.high,
            after.low,
            after.high,
            text_in(before.applies_to, lang) or None,
            text_in(after.applies_to, lang) or None,
        )
        for before, after in pairs
        if normalize(before.city) not in same_group or before.applies_to == after.applies_to
    ]
