"""The indexes of custom fields. PostgreSQL: a sortable field gets its two expression indexes, unmarking or
retiring it drops them; a unique one its lookup index; the kinds' custom columns have their GIN index. SQLite: one
index per sortable or unique field, on the expression the ORM writes, which the lists' sorts, ranges and the
unique lookups use."""

from __future__ import annotations

import pytest
from django.db import connection

from atrium.fields.indexes import existing_indexes, sync_field_indexes
from atrium.fields.services import field_create, field_retire, field_update

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own indexes (SQLite's are tested below)"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's indexes (PostgreSQL's above)"
)


@postgresql_only
def test_a_sortable_field_gets_its_indexes_and_loses_them_when_unmarked(personas):
    """The worker brings the indexes in step after each change (here the worker runs each job at once)."""
    budget = field_create(
        actor=personas.admin, kind="customer", data={"label": "预算", "field_type": "money", "sortable": True}
    )
    assert existing_indexes() == {"cf_customers_customer_yusuan_a", "cf_customers_customer_yusuan_d"}
    assert sync_field_indexes() == ([], [])  # idempotent
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM customers_customer ORDER BY (custom -> 'yusuan') DESC NULLS LAST, id DESC LIMIT 50"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "cf_customers_customer_yusuan_d" in plan
    budget = field_update(
        actor=personas.admin, field=budget, data={"sortable": False}, version=budget.version
    )
    assert existing_indexes() == set()
    budget = field_update(actor=personas.admin, field=budget, data={"sortable": True}, version=budget.version)
    assert len(existing_indexes()) == 2
    field_retire(actor=personas.admin, field=budget, version=budget.version)
    assert existing_indexes() == set()


@postgresql_only
def test_a_unique_field_gets_its_lookup_index(personas):
    """The write path's check of a unique value reads it from the index, not by scanning the table."""
    number = field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "客户编号", "field_type": "text", "unique": True, "sortable": False},
    )
    assert existing_indexes() == {"cf_customers_customer_kehubianhao_u"}
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT 1 FROM customers_customer WHERE (custom -> 'kehubianhao') = '\"KH-1\"'::jsonb LIMIT 1"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "cf_customers_customer_kehubianhao_u" in plan
    number = field_update(actor=personas.admin, field=number, data={"sortable": True}, version=number.version)
    assert existing_indexes() == {
        "cf_customers_customer_kehubianhao_a",
        "cf_customers_customer_kehubianhao_d",
    }
    field_update(
        actor=personas.admin, field=number, data={"unique": False, "sortable": False}, version=number.version
    )
    assert existing_indexes() == set()


@postgresql_only
def test_the_custom_columns_have_their_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_custom_gin"])
        names = {row[0] for row in cursor.fetchall()}
    assert {"customers_customer_custom_gin", "customers_lead_custom_gin"} <= names


def _sqlite_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@sqlite_only
def test_sqlite_sorts_ranges_and_unique_lookups_use_the_fields_index(personas):
    from django.db.models import F

    from atrium.customers.models import Customer

    budget = field_create(
        actor=personas.admin, kind="customer", data={"label": "预算", "field_type": "money", "sortable": True}
    )
    field_create(
        actor=personas.admin,
        kind="customer",
        data={"label": "客户编号", "field_type": "text", "unique": True},
    )
    field_create(actor=personas.admin, kind="customer", data={"label": "装修风格", "field_type": "select",
                                                               "options": ["北欧"]})  # fmt: skip
    assert existing_indexes() == {"cf_customers_customer_yusuan", "cf_customers_customer_kehubianhao"}
    assert sync_field_indexes() == ([], [])  # idempotent
    for terms in (
        (F("custom__yusuan").desc(nulls_last=True), "-id"),  # as the list engine sorts: the id the same way
        (F("custom__yusuan").asc(nulls_last=True), "id"),
    ):
        plan = _sqlite_plan(Customer.objects.order_by(*terms)[:50])
        assert "USING INDEX cf_customers_customer_yusuan" in plan and "TEMP B-TREE" not in plan
    assert "cf_customers_customer_yusuan" in _sqlite_plan(Customer.objects.filter(custom__yusuan__gte=100000))
    lookup = Customer.objects.filter(custom__kehubianhao__in=["KH-1", "KH-2"])
    assert "USING INDEX cf_customers_customer_kehubianhao" in _sqlite_plan(lookup)
    field_retire(actor=personas.admin, field=budget, version=budget.version)
    assert existing_indexes() == {"cf_customers_customer_kehubianhao"}


@sqlite_only
def test_the_inlined_key_reads_the_same_values_as_django_s_own_lookup(personas):
    """The key written into the SQL selects and orders exactly as Django's bound one, for values of every JSON
    type (quirks included: on SQLite a JSON null reads as the text 'null', which compares above numbers)."""
    from django.db.models.fields.json import KeyTransform

    from atrium.customers.models import Customer

    for name, custom in [("甲", {"n": 3}), ("乙", {"n": 10.5}), ("丙", {"n": None}), ("丁", {}),
                         ("戊", {"n": True}), ("己", {"n": "3"}), ("庚", {"n": [1]})]:  # fmt: skip
        Customer.objects.create(name=name, custom=custom)
    stock = Customer.objects.annotate(v=KeyTransform("n", "custom"))
    for lookup in (
        {"gte": 3},
        {"lt": 10},
        {"exact": 3},
        {"in": [3, 10.5]},
        {"isnull": True},
        {"exact": True},
    ):
        ((op, value),) = lookup.items()
        ours = Customer.objects.filter(**{f"custom__n__{op}": value}).order_by("name")
        theirs = stock.filter(**{f"v__{op}": value}).order_by("name")
        assert ours.query.sql_with_params()[1] != theirs.query.sql_with_params()[1]  # the path is not bound
        assert [c.name for c in ours] == [c.name for c in theirs], lookup
    ordered = [c.name for c in Customer.objects.order_by("custom__n", "id")]
    assert ordered == [c.name for c in stock.order_by("v", "id")]
    assert set(ordered) == {"甲", "乙", "丙", "丁", "戊", "己", "庚"}
