"""The windows the sweep counts over, in the site's time zone (``ATRIUM_TIME_ZONE``, Asia/Shanghai by
default): local calendar days, clock hours, and the after-hours periods of each night."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

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


def after_hours_between(
    since: datetime.datetime, until: datetime.datetime, begin: datetime.time, end: datetime.time
) -> Iterator[Window]:
    """The after-hours periods (local ``begin`` to ``end``, across midnight when ``end`` < ``begin``) that
    overlap [since, until), e.g. 22:00 – 06:00 of each night."""
    first = timezone.localtime(since).date() - datetime.timedelta(days=1)
    last = timezone.localtime(until).date()
    day = first
    while day <= last:
        start = timezone.make_aware(datetime.datetime.combine(day, begin))
        end_day = day + datetime.timedelta(days=1) if end <= begin else day
        stop = timezone.make_aware(datetime.datetime.combine(end_day, end))
        if start < until and stop > since:
            yield start, stop
        day += datetime.timedelta(days=1)
