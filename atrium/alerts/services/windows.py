"""The windows the sweep counts over, in the site's time zone (``ATRIUM_TIME_ZONE``, Asia/Shanghai by
default): local calendar days, clock hours, and the after-hours periods — each night, and the weekends and public
holidays of the Chinese calendar (``chinese_calendar``: holidays and make-up working days) whole."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import chinese_calendar
from django.utils import timezone

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

Window = tuple[datetime.datetime, datetime.datetime]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def days_between(since: datetime.datetime, until: datetime.datetime) -> Iterator[Window]:
    """The local days that overlap [since, until)."""
    day = timezone.localtime(since).date()
    last = timezone.localtime(until).date()
    while day <= last:
        yield _local_midnight(day), _local_midnight(day + datetime.timedelta(days=1))
        day += datetime.timedelta(days=1)


def hours_between(since: datetime.datetime, until: datetime.datetime) -> Iterator[Window]:
    """The clock hours (local) that overlap [since, until)."""
    start = timezone.localtime(since).replace(minute=0, second=0, microsecond=0)
    start = start.astimezone(datetime.UTC)
    while start < until:
        yield start, start + HOUR
        start += HOUR


def is_working_day(day: datetime.date) -> bool:
    """A working day of the Chinese calendar (public holidays off, make-up working days on); for a year the
    calendar has no data for yet, Monday to Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


# A non-working stretch is never longer than this (the Spring Festival or National Day with their weekends).
LONGEST_BREAK = datetime.timedelta(days=14)


def _nights_and_days_off(
    first: datetime.date, last: datetime.date, begin: datetime.time, end: datetime.time
) -> list[Window]:
    """Each night from ``begin`` to ``end`` and each whole non-working day, from ``first`` to ``last``."""
    periods = []
    day = first
    while day <= last:
        start = timezone.make_aware(datetime.datetime.combine(day, begin))
        end_day = day + DAY if end <= begin else day
        periods.append((start, timezone.make_aware(datetime.datetime.combine(end_day, end))))
        if not is_working_day(day):
            periods.append((_local_midnight(day), _local_midnight(day + DAY)))
        day += DAY
    return sorted(periods)


def _merged(periods: list[Window]) -> list[Window]:
    merged: list[Window] = []
    for start, stop in periods:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def after_hours_between(
    since: datetime.datetime, until: datetime.datetime, begin: datetime.time, end: datetime.time
) -> Iterator[Window]:
    """The after-hours periods that overlap [since, until): each night from local ``begin`` to ``end`` (across
    midnight when ``end`` < ``begin``, e.g. 22:00 – 06:00), joined with the weekends and public holidays around
    it into one period (Friday 22:00 to Monday 06:00). A period starts where it starts whatever ``since`` is, so
    the sweep raises once per period, and ends where it ends."""
    first = timezone.localtime(since).date() - LONGEST_BREAK
    last = timezone.localtime(until).date() + LONGEST_BREAK
    for start, stop in _merged(_nights_and_days_off(first, last, begin, end)):
        if start < until and stop > since:
            yield start, stop
