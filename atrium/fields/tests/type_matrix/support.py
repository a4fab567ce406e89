"""What the matrix's tests and fixtures share."""

from __future__ import annotations

import json
from typing import Any

from atrium.core.log_reading import change_lines_of
from atrium.fields.models import FieldDefinition
from atrium.fields.services import field_create
from atrium.fields.tests.type_matrix.cases import Case


def define_field(personas, case: Case, **flags: Any) -> FieldDefinition:
    return field_create(
        actor=personas.admin,
        kind="customer",
        data={
            "label": case.label,
            "key": case.key,
            "field_type": case.type,
            "searchable": bool(case.search),
            "sortable": case.value_first is not None,
            **case.definition,
            **flags,
        },
    )


def send(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def field_block(html: str, name: str) -> str:
    """The markup of one form field, up to the next field (its input, its errors)."""
    start = html.find(f'data-field="{name}"')
    assert start >= 0, f"no field {name}"
    end = html.find('<div class="field', start)
    return html[start : end if end > 0 else len(html)]


def cell(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


def read_log(row, viewer) -> str:
    lines = change_lines_of([row], viewer)[row.pk]
    return json.dumps([vars(line) for line in lines], ensure_ascii=False)
