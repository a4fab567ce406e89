"""The rebuild_search_index command re-creates the index from the records (e.g. after raw-SQL seeding)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from atrium.core.search import search_filter
from atrium.customers.models import Customer

pytestmark = pytest.mark.django_db


def test_records_written_without_services_become_findable(personas):
    customer = Customer.objects.create(name="翠湖天地装修", phone="13912345678", owner=personas.sales1)
    assert not Customer.objects.filter(search_filter("customer", "翠湖")).exists()

    output = io.StringIO()
    call_command("rebuild_search_index", "customer", stdout=output)
    assert "customer: 1 records indexed" in output.getvalue()

    assert list(Customer.objects.filter(search_filter("customer", "翠湖"))) == [customer]
    assert list(Customer.objects.filter(search_filter("customer", "5678"))) == [customer]


def test_unknown_kind_is_refused_naming_the_known_ones():
    with pytest.raises(CommandError, match=r"unknown kind.*nothing.*known: .*customer"):
        call_command("rebuild_search_index", "nothing")
