"""Business-time arithmetic on its own: opening hours, lunch breaks, weekends, holidays,
daylight saving. Times are written in the calendar's zone."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import holidays
import pytest

from tickets.sla.calendar import END_OF_DAY, BusinessCalendar, ClosedCalendarError

SEOUL = ZoneInfo("Asia/Seoul")
BERLIN = ZoneInfo("Europe/Berlin")
NINE_TO_SIX = {day: [(time(9), time(18))] for day in range(5)}
WITH_LUNCH = {day: [(time(9), time(12)), (time(13), time(18))] for day in range(5)}
KOREAN_HOLIDAYS = holidays.country_holidays("KR")


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


def office(hours=NINE_TO_SIX, **kwargs) -> BusinessCalendar:
    return BusinessCalendar(zone=SEOUL, hours=hours, **kwargs)


HOUR = 3600


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (seoul(2026, 3, 9, 10), 4, seoul(2026, 3, 9, 14)),  # inside one Monday
        (seoul(2026, 3, 9, 9), 9, seoul(2026, 3, 9, 18)),  # exactly to closing, not next day
        (seoul(2026, 3, 9, 16), 4, seoul(2026, 3, 10, 11)),  # over the night
        (seoul(2026, 3, 9, 7), 1, seoul(2026, 3, 9, 10)),  # opened before hours
        (seoul(2026, 3, 9, 20), 1, seoul(2026, 3, 10, 10)),  # opened after hours
        (seoul(2026, 3, 13, 17), 2, seoul(2026, 3, 16, 10)),  # Friday evening over a weekend
        (seoul(2026, 3, 14, 11), 1, seoul(2026, 3, 16, 10)),  # opened on a Saturday
    ],
)
def test_add_counts_only_opening_hours(start, hours, due):
    assert office().add(start, hours * HOUR) == due


def test_add_skips_a_lunch_break():
    assert office(WITH_LUNCH).add(seoul(2026, 3, 9, 11), 2 * HOUR) == seoul(2026, 3, 9, 14)


def test_add_skips_public_holidays_of_the_country():
    # Friday 13 Feb 2026, then the Korean New Year holidays Monday to Wednesday.
    calendar = office(is_holiday=KOREAN_HOLIDAYS.__contains__)
    assert calendar.add(seoul(2026, 2, 13, 17), 2 * HOUR) == seoul(2026, 2, 19, 10)


def test_add_skips_an_alternative_holiday_and_an_extra_company_day():
    extra = {date(2026, 3, 3)}
    calendar = office(is_holiday=lambda day: day in KOREAN_HOLIDAYS or day in extra)
    # Monday 2 March 2026 is the alternative holiday for 1 March; Tuesday the company's.
    assert calendar.add(seoul(2026, 2, 27, 17), 2 * HOUR) == seoul(2026, 3, 4, 10)


def test_overlapping_intervals_count_each_hour_once():
    overlapping = {0: [(time(9), time(12)), (time(11), time(14)), (time(14), time(15))]}
    calendar = office(overlapping)
    assert calendar.seconds_between(seoul(2026, 3, 9), seoul(2026, 3, 10)) == 6 * HOUR
    assert calendar.add(seoul(2026, 3, 9, 8), 6 * HOUR) == seoul(2026, 3, 9, 15)


def test_add_of_nothing_is_the_start_even_outside_hours():
    start = seoul(2026, 3, 14, 3)
    assert office().add(start, 0) == start


def test_round_the_clock_calendar_is_plain_time_across_daylight_saving():
    calendar = BusinessCalendar(zone=BERLIN)
    # Berlin skips 02:00-03:00 on 29 March 2026: four real hours end at 04:00 local.
    start = datetime(2026, 3, 28, 23, tzinfo=BERLIN)
    due = calendar.add(start, 4 * HOUR)
    assert due == datetime(2026, 3, 29, 2, tzinfo=UTC)
    assert due.astimezone(BERLIN).hour == 4


def test_opening_hours_follow_the_local_clock_across_daylight_saving():
    calendar = BusinessCalendar(zone=BERLIN, hours=NINE_TO_SIX)
    friday = datetime(2026, 3, 27, 17, tzinfo=BERLIN)  # CET, UTC+1
    due = calendar.add(friday, 2 * HOUR)
    assert due == datetime(2026, 3, 30, 10, tzinfo=BERLIN)  # CEST, UTC+2
    assert due == datetime(2026, 3, 30, 8, tzinfo=UTC)


def test_an_interval_may_run_to_midnight():
    evenings = {day: [(time(20), END_OF_DAY)] for day in range(5)}
    calendar = office(evenings)
    assert calendar.add(seoul(2026, 3, 9, 23), 2 * HOUR) == seoul(2026, 3, 10, 21)


def test_a_calendar_that_never_opens_again_is_an_error():
    calendar = office(is_holiday=lambda day: True)
    with pytest.raises(ClosedCalendarError):
        calendar.add(seoul(2026, 3, 9, 10), HOUR)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (seoul(2026, 3, 9, 10), seoul(2026, 3, 9, 12), 2),
        (seoul(2026, 3, 13, 16), seoul(2026, 3, 16, 10), 3),  # over a weekend
        (seoul(2026, 2, 13, 18), seoul(2026, 2, 18, 23), 0),  # holidays only
        (seoul(2026, 3, 9, 20), seoul(2026, 3, 10, 8), 0),  # one night
        (seoul(2026, 3, 9, 12), seoul(2026, 3, 9, 10), 0),  # backwards
    ],
)
def test_seconds_between_counts_only_opening_hours(start, end, hours):
    calendar = office(is_holiday=KOREAN_HOLIDAYS.__contains__)
    assert calendar.seconds_between(start, end) == hours * HOUR


def test_seconds_between_and_add_agree():
    calendar = office(WITH_LUNCH, is_holiday=KOREAN_HOLIDAYS.__contains__)
    start = seoul(2026, 2, 12, 11, 20)
    for seconds in (1, 1800, 4 * HOUR, 17 * HOUR + 5, 40 * HOUR):
        assert calendar.seconds_between(start, calendar.add(start, seconds)) == seconds


def test_a_calendar_works_out_each_day_once():
    asked = []

    def is_holiday(day: date) -> bool:
        asked.append(day)
        return day in KOREAN_HOLIDAYS

    calendar = office(is_holiday=is_holiday)
    due = calendar.add(seoul(2026, 3, 13, 17), 2 * HOUR)
    days = len(asked)
    assert calendar.add(seoul(2026, 3, 13, 17), 2 * HOUR) == due == seoul(2026, 3, 16, 10)
    assert calendar.seconds_between(seoul(2026, 3, 13, 17), due) == 2 * HOUR
    assert len(asked) == days  # the same days again: none asked anew
