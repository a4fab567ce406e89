"""Working time on the company's calendar: which days are worked (Chinese public holidays and make-up workdays
from ``chinese-calendar``, plus the company's own days off and extra working days) and which hours of them
(by default 09:00–18:00 with a lunch break 12:00–13:00), in the company's time zone.

Service targets (a ticket's first response within 4 working hours, its resolution within 3 working days) and
the plans laid out from a template's relative dates count in this time, so a target set on the Friday before
National Day falls after the holiday, and a make-up Saturday counts as a working day.

Years the package has no data for (it knows 2004 to the year it was published; the State Council announces each
year's arrangement in the autumn before) fall back to Monday–Friday without the holidays fixed by date (元旦 1 Jan,
劳动节 1 May, 国庆 1–3 Oct); the lunar holidays and make-up days of such a year are not known, and the company's
own days off and extra working days fill the gap. Amounts of working time are whole seconds.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar
from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)
MAX_DAYS = 3660  # no span of working time is searched beyond ten years


FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)})


@lru_cache(maxsize=8192)
def national_workday(day: datetime.date) -> bool:
    """Whether the day is worked by the national calendar (make-up workdays included, public holidays not)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def _seconds(moment: datetime.time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@dataclass(frozen=True)
class WorkingCalendar:
    """The company's working days and hours. ``hours`` are the worked periods of a day (start, end), in order."""

    hours: tuple[tuple[datetime.time, datetime.time], ...] = (
        (datetime.time(9, 0), datetime.time(12, 0)),
        (datetime.time(13, 0), datetime.time(18, 0)),
    )
    days_off: frozenset[datetime.date] = field(default_factory=frozenset)
    extra_workdays: frozenset[datetime.date] = field(default_factory=frozenset)

    @classmethod
    def with_days(
        cls, days_off: Iterable[datetime.date] = (), extra_workdays: Iterable[datetime.date] = (), **kwargs
    ) -> WorkingCalendar:
        return cls(days_off=frozenset(days_off), extra_workdays=frozenset(extra_workdays), **kwargs)

    @property
    def seconds_per_day(self) -> int:
        return sum(_seconds(end) - _seconds(start) for start, end in self.hours)

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.days_off:
            return False
        return day in self.extra_workdays or national_workday(day)

    def _worked_in_day(self, seconds_from: int, seconds_to: int) -> int:
        """Working seconds of a working day between two times of it (seconds since midnight)."""
        total = 0
        for start, end in self.hours:
            low, high = max(_seconds(start), seconds_from), min(_seconds(end), seconds_to)
            if high > low:
                total += high - low
        return total

    def working_seconds(self, start: datetime.datetime, end: datetime.datetime) -> int:
        """The working time between two moments (0 when ``end`` is not after ``start``)."""
        if end <= start:
            return 0
        first, last = _local(start), _local(end)
        day, total = first.date(), 0
        for _step in range(MAX_DAYS):
            if day > last.date():
                break
            if self.is_workday(day):
                low = _seconds(first.time()) if day == first.date() else 0
                high = _seconds(last.time()) if day == last.date() else 86400
                total += self._worked_in_day(low, high)
            day += ONE_DAY
        return total

    def add_working_seconds(self, start: datetime.datetime, seconds: int) -> datetime.datetime:
        """The moment ``seconds`` of working time after ``start`` (in the company's time zone). Zero gives the
        first working moment at or after ``start``."""
        local = _local(start)
        day, offset, left = local.date(), _seconds(local.time()), max(0, int(seconds))
        for _step in range(MAX_DAYS):
            if self.is_workday(day):
                for begin, finish in self.hours:
                    low, high = max(_seconds(begin), offset), _seconds(finish)
                    if high <= low:
                        continue
                    if left < high - low:
                        return _at(day, low + left)
                    left -= high - low
                    if left == 0:
                        return _at(day, high)
            day, offset = day + ONE_DAY, 0
        raise ValueError("no working time within ten years: check the calendar's hours and days off")


def _local(moment: datetime.datetime) -> datetime.datetime:
    """An aware moment in the company's time zone (the answers are aware too)."""
    return timezone.localtime(moment)


def _at(day: datetime.date, seconds: int) -> datetime.datetime:
    naive = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=seconds)
    return timezone.make_aware(naive)
