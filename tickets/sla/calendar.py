"""Business-time arithmetic: pure functions of a calendar, no database, no clock.

A calendar is a time zone, the opening intervals of each weekday (several a day, so a
lunch break stops the clock) and a holiday test. Instants go in and come out as aware
datetimes; the work is done day by day in the calendar's zone, so a daylight-saving
change shortens or lengthens only the hours it really touches.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# An interval ending at midnight is written with this end: it runs to the end of the day.
END_OF_DAY = time(0)
# No target spans more than ten years of calendar days; past that the calendar is broken.
MAX_DAYS = 3660
# Days whose intervals a calendar keeps worked out (a few years' worth).
DAYS_KEPT = 2048


class ClosedCalendarError(ValueError):
    """The calendar has no business time left to count within MAX_DAYS."""


def _never(day: date) -> bool:
    return False


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours in a zone. `hours` maps a weekday (Monday 0) to (start, end) pairs;
    a weekday with no pairs is closed. An empty mapping means open around the clock."""

    zone: ZoneInfo
    hours: Mapping[int, Sequence[tuple[time, time]]] = field(default_factory=dict)
    is_holiday: Callable[[date], bool] = _never

    def __post_init__(self) -> None:
        # A day's intervals never change for a calendar, and every deadline counted walks
        # the same few days (the policies' calendars are built once per policy version):
        # work each day out once.
        object.__setattr__(self, "intervals_on", lru_cache(maxsize=DAYS_KEPT)(self.intervals_on))

    def intervals_on(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The day's open intervals as aware instants, earliest first."""
        if self.is_holiday(day):
            return ()
        if not self.hours:
            pairs: Sequence[tuple[time, time]] = [(time(0), END_OF_DAY)]
        else:
            pairs = self.hours.get(day.weekday(), ())
        intervals: list[tuple[datetime, datetime]] = []
        for start, end in sorted(pairs):
            opens = datetime.combine(day, start, tzinfo=self.zone).astimezone(UTC)
            end_day = day + timedelta(days=1) if end == END_OF_DAY else day
            closes = datetime.combine(end_day, end, tzinfo=self.zone).astimezone(UTC)
            if closes <= opens:
                continue
            if intervals and opens <= intervals[-1][1]:
                # Overlapping or touching intervals are one stretch: count each second once.
                intervals[-1] = (intervals[-1][0], max(intervals[-1][1], closes))
            else:
                intervals.append((opens, closes))
        return tuple(intervals)

    def _days_from(self, moment: datetime):
        # Start a day early: an interval of the previous local day may still be open.
        day = moment.astimezone(self.zone).date() - timedelta(days=1)
        for offset in range(MAX_DAYS):
            yield day + timedelta(days=offset)

    def add(self, start: datetime, seconds: float) -> datetime:
        """The instant when `seconds` of business time have passed since `start`.

        Zero seconds answer `start` itself, open or not. Raises ClosedCalendarError when
        the calendar never opens again.
        """
        if seconds <= 0:
            return start
        remaining = timedelta(seconds=seconds)
        for day in self._days_from(start):
            for opens, closes in self.intervals_on(day):
                begin = max(opens, start)
                if begin >= closes:
                    continue
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        raise ClosedCalendarError("The calendar has no business hours left to count.")

    def seconds_between(self, start: datetime, end: datetime) -> int:
        """Whole seconds of business time in [start, end); 0 when end is not later."""
        if end <= start:
            return 0
        total = timedelta()
        for day in self._days_from(start):
            if datetime.combine(day, time(0), tzinfo=self.zone) > end:
                break
            for opens, closes in self.intervals_on(day):
                begin, finish = max(opens, start), min(closes, end)
                if finish > begin:
                    total += finish - begin
        return int(total.total_seconds())
