"""Progress of a long command (`flask load-demo`, `flask seed-bench`) as whole percent."""

from __future__ import annotations

from collections.abc import Callable


class Progress:
    """Reports whole steps to a progress bar (`click.progressbar`'s `update`) so that
    together they add up to 100: the caller says how far it is, in percent."""

    def __init__(self, report: Callable[[int], None]) -> None:
        self._report = report
        self._done = 0

    def reach(self, percent: float) -> None:
        target = min(int(percent), 100)
        if target > self._done:
            self._report(target - self._done)
            self._done = target
