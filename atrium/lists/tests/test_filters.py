"""The typed filters on their own: what they accept, what they refuse (by parameter), what they write back."""

from __future__ import annotations

import datetime
import decimal

from django.db.models import Q

from atrium.lists.filters import BooleanFilter, DateRangeFilter, NumberRangeFilter, TextFilter


def _parse(item, params):
    errors: dict[str, list[str]] = {}
    return item.parse(params, errors), errors


def test_number_range():
    area = NumberRangeFilter(name="area", field="area_m2")
    assert _parse(area, {"area_min": "10", "area_max": "25.5"}) == (
        (decimal.Decimal("10"), decimal.Decimal("25.5")),
        {},
    )
    assert area.q((decimal.Decimal(10), None)) == Q(area_m2__gte=decimal.Decimal(10))
    value, errors = _parse(area, {"area_min": "lots", "area_max": "1e400"})
    assert value is None and set(errors) == {"area_min", "area_max"}
    value, errors = _parse(area, {"area_min": "30", "area_max": "20"})
    assert value is None and set(errors) == {"area_max"}
    assert area.to_params((None, decimal.Decimal("5"))) == {"area_max": "5"}


def test_boolean_and_date_range_and_text():
    active = BooleanFilter(name="active", field="is_active")
    assert _parse(active, {"active": "0"}) == (False, {}) and _parse(active, {}) == (None, {})
    assert set(_parse(active, {"active": "maybe"})[1]) == {"active"}
    assert active.to_params(True) == {"active": "1"}
    created = DateRangeFilter(name="created", field="created_at")
    day = datetime.date(2026, 11, 1)
    assert _parse(created, {"created_from": "2026-11-01"}) == ((day, None), {})
    assert set(_parse(created, {"created_to": "31/12/2024"})[1]) == {"created_to"}
    text = TextFilter(name="q", fields=("username", "email"))
    assert text.q("li") == Q(username__icontains="li") | Q(email__icontains="li")
