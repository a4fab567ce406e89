"""index_created stores for new records what reindex would, without reading them back."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from atrium.core.bulk_insert import insert_rows
from atrium.core.search import index_created, reindex, search_filter
from atrium.core.search.registry import index_table
from atrium.customers.models import Customer

pytestmark = pytest.mark.django_db

FIELDS = ("name", "short_name", "phone", "email", "region", "address", "tags")


def _entries() -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, body FROM {index_table('customer')}")
        return dict(cursor.fetchall())


def test_the_entries_are_those_reindex_makes_and_they_are_found(personas):
    records = [
        ("城南ＡＢＣ装饰（第1分部）", "城南", "13800138001", "a.b@example.com", "江苏省南京市", "玄武区1号", ["别墅", "加急"]),
        ("Acme Studio", "", "010-66668888", "", "", "", []),
    ]  # fmt: skip
    with transaction.atomic():
        ids = insert_rows(Customer, [*FIELDS, "owner"], [(*values, personas.sales1.pk) for values in records])
        index_created(
            "customer",
            ((pk, dict(zip(FIELDS, values, strict=True))) for pk, values in zip(ids, records, strict=True)),
        )
    written = _entries()
    reindex("customer", ids)
    assert _entries() == written and set(written) == set(ids)
    assert list(
        Customer.objects.filter(search_filter("customer", "abc装饰")).values_list("pk", flat=True)
    ) == [ids[0]]
    assert list(Customer.objects.filter(search_filter("customer", "0138")).values_list("pk", flat=True)) == [
        ids[0]
    ]
    assert list(Customer.objects.filter(search_filter("customer", "acme")).values_list("pk", flat=True)) == [
        ids[1]
    ]
    found = Customer.objects.filter(search_filter("customer", "01066668888")).values_list("pk", flat=True)
    assert list(found) == [ids[1]]  # a landline's digits are indexed too


def test_plain_fields_only():
    with pytest.raises(ValueError), transaction.atomic():
        index_created("contact", [(1, {})])  # a contact's entry holds its customer's name
