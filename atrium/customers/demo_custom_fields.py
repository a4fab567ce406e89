"""Demo custom fields of customers — 预算 (money, required), 装修风格 (select), 房屋面积 (number, ㎡) and 意向等级
(select) — defined before the demo customers are written, and filled in for them afterwards. Deterministic;
does nothing when the fields exist."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from atrium.accounts.models import User
from atrium.core.demo import register_seeder
from atrium.customers.models import Customer
from atrium.fields.models import FieldDefinition
from atrium.fields.services import field_create

SEED = 20241201
STYLES = ["现代简约", "新中式", "北欧", "轻奢", "日式原木", "美式"]
INTENT = ["高", "中", "低"]
FIELDS: list[dict[str, Any]] = [
    {
        "label": "预算",
        "label_en": "Budget",
        "field_type": "money",
        "required": True,
        "sortable": True,
        "in_list": True,
    },
    {"label": "装修风格", "label_en": "Style", "field_type": "select", "options": STYLES, "in_list": True},
    {
        "label": "房屋面积",
        "label_en": "Floor area",
        "field_type": "number",
        "decimal_places": 1,
        "sortable": True,
        "help_text": "单位：平方米",
    },
    {"label": "意向等级", "label_en": "Intent", "field_type": "select", "options": INTENT},
]


def seed_custom_fields() -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None or FieldDefinition.objects.filter(kind="customer").exists():
        return
    with transaction.atomic():
        for data in FIELDS:
            field_create(actor=admin, kind="customer", data=data)


def fill_custom_values() -> None:
    """The demo customers' values (a household's budget follows its floor area)."""
    keys = dict(FieldDefinition.objects.filter(kind="customer").values_list("label", "key"))
    if set(keys) < {"预算", "装修风格", "房屋面积", "意向等级"}:
        return
    styles = {
        o["label"]: o["value"]
        for o in FieldDefinition.objects.get(kind="customer", key=keys["装修风格"]).options
    }
    intents = {
        o["label"]: o["value"]
        for o in FieldDefinition.objects.get(kind="customer", key=keys["意向等级"]).options
    }
    chance = random.Random(SEED)
    customers = list(Customer.objects.filter(custom={}).order_by("pk"))
    for customer in customers:
        area = round(chance.uniform(60, 220) if customer.type == "person" else chance.uniform(150, 2000), 1)
        customer.custom = {
            keys["房屋面积"]: area,
            keys["预算"]: int(area * chance.choice((1200, 1800, 2500, 3500)) // 1000 * 1000),
            keys["装修风格"]: styles[chance.choice(STYLES)],
            keys["意向等级"]: intents[chance.choice(INTENT)],
        }
    Customer.objects.bulk_update(customers, ["custom"], batch_size=500)


register_seeder(15, "custom fields", seed_custom_fields)
register_seeder(25, "custom field values", fill_custom_values)
