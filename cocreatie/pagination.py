"""A page of results with what the template needs to link to its neighbours."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar

from cocreatie.converters import parse_int

T = TypeVar("T")

MAX_PAGE = 100_000


def page_number(raw: str | None) -> int:
    """Parse ?page= leniently: anything odd means page 1, never an error or an echo."""
    number = parse_int(raw, minimum=1)
    return 1 if number is None else min(number, MAX_PAGE)


@dataclass
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    def window(self, size: int = 2) -> list[int | None]:
        """Page numbers to show, None where a gap is."""
        shown = {1, self.pages, *range(self.number - size, self.number + size + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in numbers:
            if out and out[-1] is not None and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out
