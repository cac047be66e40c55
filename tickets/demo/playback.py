"""Running past acts through the services at their own moments.

The services stamp every row with `timezone.now()` (and Django's `auto_now` fields read
the same clock), so the demo travels there with time-machine rather than threading a
clock argument through every service and model: the rows are exactly what those acts
would have written then. Between acts the periodic SLA check runs as the worker would
have, so a target missed while nobody acted is logged when it was missed.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import time_machine
from django.utils import timezone

from tickets.sla.check import sla_check


class PlaybackError(Exception):
    """The demo's plan put an act in the future: a bug in the plan."""


@dataclass
class Playback:
    """Acts collected in any order and run in the order they happened."""

    now: datetime = field(default_factory=timezone.now)
    _acts: list[tuple[datetime, int, Callable[[], object]]] = field(default_factory=list)
    _order: itertools.count = field(default_factory=itertools.count)

    def at(self, when: datetime, act: Callable[[], object]) -> None:
        if when >= self.now:
            raise PlaybackError(f"An act planned at {when:%Y-%m-%d %H:%M}, after now.")
        self._acts.append((when, next(self._order), act))

    def schedule(self) -> list[tuple[datetime, str]]:
        """The acts in the order they will run: (moment, who does what)."""
        return [(when, _label(act)) for when, _, act in self._ordered()]

    def _ordered(self) -> list[tuple[datetime, int, Callable[[], object]]]:
        return sorted(self._acts, key=lambda entry: entry[:2])

    def run(self) -> int:
        """Run every act at its moment (same-moment acts in the order added), then the SLA
        check at the real now. Returns how many acts ran."""
        for when, _, act in self._ordered():
            with time_machine.travel(when, tick=False):
                sla_check(now=when)
                act()
        sla_check(now=self.now)
        return len(self._acts)


def _label(act: Callable[[], object]) -> str:
    owner = getattr(act, "__self__", None)
    return f"{owner!r}.{act.__name__}" if owner is not None else act.__name__
