"""The matrix's fixtures: the people and departments its values name, two customers holding a row's values,
an import run."""

from __future__ import annotations

import re
from typing import Any

import pytest

from atrium.accounts.models import Department
from atrium.customers.models import Customer
from atrium.customers.services import customer_create
from atrium.fields.models import FieldDefinition
from atrium.fields.tests.type_matrix.cases import MATCH, OTHER, Case
from atrium.fields.tests.type_matrix.support import define_field
from atrium.imports.engine import ImportOptions, run_import
from atrium.imports.mapping import suggest_mapping
from atrium.imports.readers import open_table
from atrium.imports.registry import get_import_spec
from atrium.imports.tests.conftest import csv_bytes


@pytest.fixture
def places(personas) -> dict[str, int]:
    return {
        "pm": personas.pm.pk,
        "member": personas.member.pk,
        "eng": Department.objects.get(name="工程部").pk,
        "service": Department.objects.get(name="客服部").pk,
    }


@pytest.fixture
def resolve(places):
    """A row's value with ``{pm}`` … replaced: a whole placeholder becomes the id (an int), one inside a text
    the id's digits."""

    def fill(value: Any) -> Any:
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, str) and "{" in value:
            if re.fullmatch(r"\{\w+\}", value):
                return places[value[1:-1]]
            return value.format(**places)
        return value

    return fill


@pytest.fixture
def pair(personas, resolve):
    """The row's field and two customers of sales1: MATCH with the value, OTHER with the other value."""

    def make(case: Case) -> tuple[FieldDefinition, Customer, Customer]:
        definition = define_field(personas, case)
        made = [
            customer_create(actor=personas.sales1, data={"name": name, "custom": {case.key: resolve(value)}})
            for name, value in ((MATCH, case.api), (OTHER, case.other))
        ]
        assert made[0].custom == {case.key: resolve(case.stored)}
        return definition, made[0], made[1]

    return make


@pytest.fixture
def importing(personas, tmp_path):
    def run(rows):
        path = tmp_path / "f.csv"
        path.write_bytes(csv_bytes(rows, "utf-8-sig"))
        table = open_table(path, "f.csv")
        spec = get_import_spec("customers")
        mapping = suggest_mapping(spec, table.header)
        outcome = run_import(
            actor=personas.sales1,
            spec=spec,
            table=table,
            mapping=mapping,
            options=ImportOptions(skip_invalid=True),
        )
        return outcome, mapping

    return run
