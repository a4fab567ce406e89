"""Working time on the company's calendar: across a weekend, the National Day holiday of 2026 and its make-up
Saturday, the lunch break, the company's own days off, and a year the national calendar does not know yet (New
Year's Day 2027 stays a holiday)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from atrium.core.working_time import WorkingCalendar, national_workday

CALENDAR = WorkingCalendar()
HOUR = 3600


def at(day: str, clock: str = "09:00") -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day} {clock}"))


def test_a_working_day_has_eight_hours_without_the_lunch_break():
    assert CALENDAR.seconds_per_day == 8 * HOUR
    assert CALENDAR.working_seconds(at("2026-12-01", "11:00"), at("2026-12-01", "14:00")) == 2 * HOUR
    assert CALENDAR.add_working_seconds(at("2026-12-01", "11:30"), HOUR) == at("2026-12-01", "13:30")


def test_four_working_hours_from_friday_afternoon_end_on_monday_morning():
    friday = at("2026-12-04", "16:00")
    assert CALENDAR.add_working_seconds(friday, 4 * HOUR) == at("2026-12-07", "11:00")
    assert CALENDAR.working_seconds(friday, at("2026-12-07", "11:00")) == 4 * HOUR


def test_national_day_is_skipped_and_its_make_up_saturday_is_worked():
    assert not national_workday(datetime.date(2026, 10, 1)) and not national_workday(
        datetime.date(2026, 10, 7)
    )
    assert national_workday(datetime.date(2026, 10, 10))  # a Saturday worked in exchange
    before = at("2026-09-30", "17:00")
    assert CALENDAR.add_working_seconds(before, 2 * HOUR) == at("2026-10-08", "10:00")
    # From the Friday after the holiday to Monday: the make-up Saturday's eight hours count.
    assert CALENDAR.working_seconds(at("2026-10-09", "18:00"), at("2026-10-12", "09:00")) == 8 * HOUR


def test_company_days_off_and_extra_workdays_change_the_count():
    own = WorkingCalendar.with_days(
        days_off=[datetime.date(2026, 12, 31)], extra_workdays=[datetime.date(2026, 12, 5)]
    )
    assert own.add_working_seconds(at("2026-12-30", "17:00"), 2 * HOUR) == at("2027-01-04", "10:00")
    assert own.working_seconds(at("2026-12-04", "18:00"), at("2026-12-07", "09:00")) == 8 * HOUR


def test_a_year_without_national_data_counts_monday_to_friday_without_the_fixed_holidays():
    assert national_workday(datetime.date(2027, 3, 1)) and not national_workday(datetime.date(2027, 3, 6))
    assert not national_workday(datetime.date(2027, 1, 1)) and not national_workday(
        datetime.date(2027, 10, 1)
    )


def test_zero_gives_the_next_working_moment_and_the_end_of_a_period_is_exact():
    assert CALENDAR.add_working_seconds(at("2026-12-01", "12:20"), 0) == at("2026-12-01", "13:00")
    assert CALENDAR.add_working_seconds(at("2026-12-01", "09:00"), 3 * HOUR) == at("2026-12-01", "12:00")
    assert CALENDAR.add_working_seconds(at("2026-12-05", "10:00"), 0) == at("2026-12-07", "09:00")


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime.datetime(2026, 1, 1), max_value=datetime.datetime(2026, 12, 20)),
    seconds=st.integers(min_value=1, max_value=40 * 8 * HOUR),
)
def test_adding_working_time_and_counting_it_back_agree(start, seconds):
    begin = timezone.make_aware(start.replace(microsecond=0))
    end = CALENDAR.add_working_seconds(begin, seconds)
    assert CALENDAR.working_seconds(begin, end) == seconds


def test_a_calendar_without_working_time_says_so():
    nothing = WorkingCalendar(hours=())
    with pytest.raises(ValueError):
        nothing.add_working_seconds(at("2026-12-01"), HOUR)
