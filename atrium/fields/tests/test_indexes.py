"""The indexes of custom fields on PostgreSQL: a sortable field gets its two expression indexes, unmarking or
retiring it drops them; a unique one its lookup index; the kinds' custom columns have their GIN index. (SQLite needs none.)"""

from __future__ import annotations

import pytest
from django.db import connection

from atrium.fields.indexes import existing_indexes, sync_field_indexes
from atrium.fields.services import field_create, field_retire, field_update

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes exist on PostgreSQL only"),
]


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


def test_the_custom_columns_have_their_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_custom_gin"])
        names = {row[0] for row in cursor.fetchall()}
    assert {"customers_customer_custom_gin", "customers_lead_custom_gin"} <= names
