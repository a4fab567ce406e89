"""Ten custom fields of customers as a decoration firm defines them, and generated values for them: the seeder of
the custom-field benchmark database stores them in ``custom`` (the stored form), the import benchmark writes
them to its CSV under the fields' labels (the form people type).

预算 money (required, sortable, in lists) · 装修风格 select (in lists) · 房屋面积 number (1 place, sortable) ·
意向等级 select · 客户编号 text (unique, searchable) · 计划开工 date (sortable) · 是否老客户 yes/no · 设计师 person ·
楼盘名称 text · 推荐人电话 phone.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

STYLES = ("现代简约", "北欧", "新中式", "轻奢", "日式原木", "美式", "法式", "工业风", "奶油风")
INTENTS = ("高", "中", "低")
ESTATES = ("锦绣花园", "绿城玫瑰园", "万科城", "金地湖城", "龙湖天街", "保利香槟", "融创壹号院", "碧桂园",
           "中海寰宇", "华润悦府", "招商雍景湾", "世茂滨江")  # fmt: skip

DEFINITIONS: list[dict[str, Any]] = [
    {"label": "预算", "label_en": "Budget", "field_type": "money", "required": True, "sortable": True,
     "in_list": True},
    {"label": "装修风格", "label_en": "Style", "field_type": "select", "options": list(STYLES), "in_list": True},
    {"label": "房屋面积", "label_en": "Floor area", "field_type": "number", "decimal_places": 1, "sortable": True},
    {"label": "意向等级", "label_en": "Intent", "field_type": "select", "options": list(INTENTS)},
    {"label": "客户编号", "label_en": "Customer number", "field_type": "text", "unique": True, "searchable": True},
    {"label": "计划开工", "label_en": "Planned start", "field_type": "date", "sortable": True},
    {"label": "是否老客户", "label_en": "Returning customer", "field_type": "boolean"},
    {"label": "设计师", "label_en": "Designer", "field_type": "person"},
    {"label": "楼盘名称", "label_en": "Estate", "field_type": "text"},
    {"label": "推荐人电话", "label_en": "Referrer's phone", "field_type": "phone"},
]  # fmt: skip
LABELS = [d["label"] for d in DEFINITIONS]


class FieldKeys:
    """The fields' API keys and option values as the product made them (read back after creating them)."""

    def __init__(self) -> None:
        from atrium.fields.models import FieldDefinition

        found = {d.label: d for d in FieldDefinition.objects.filter(kind="customer", label__in=LABELS)}
        missing = sorted(set(LABELS) - set(found))
        if missing:
            raise RuntimeError(f"custom fields missing: {', '.join(missing)}")
        self.key = {label: found[label].key for label in LABELS}
        self.option = {
            label: {o["label"]: o["value"] for o in found[label].options or []} for label in LABELS
        }


def define_fields(actor: Any) -> FieldKeys:
    """Creates the ten fields through the product's service (as an admin would) unless they exist."""
    from atrium.fields.models import FieldDefinition
    from atrium.fields.services import field_create

    existing = set(FieldDefinition.objects.filter(kind="customer").values_list("label", flat=True))
    for data in DEFINITIONS:
        if data["label"] not in existing:
            field_create(actor=actor, kind="customer", data=data)
    return FieldKeys()


def values(
    rng: random.Random, number: int, designers: list[Any], *, stored: FieldKeys | None
) -> dict[str, Any]:
    """One customer's values by label (``stored`` None: as typed in a file) or by key in the stored form."""
    area = round(rng.uniform(45, 320), 1)
    start = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(730))
    style, intent = rng.choice(STYLES), rng.choices(INTENTS, (2, 5, 3))[0]
    typed: dict[str, Any] = {
        "预算": int(area * rng.choice((900, 1500, 2200, 3500, 6000)) // 1000 * 1000),
        "装修风格": style,
        "房屋面积": area,
        "意向等级": intent,
        "客户编号": f"KH{number:08d}",
        "计划开工": start.isoformat(),
        "是否老客户": rng.random() < 0.15,
        "设计师": rng.choice(designers),
        "楼盘名称": f"{rng.choice(ESTATES)}{rng.randint(1, 30)}期" if rng.random() < 0.8 else None,
        "推荐人电话": f"139{rng.randrange(100_000_000):08d}" if rng.random() < 0.3 else None,
    }
    if stored is None:
        typed["是否老客户"] = "是" if typed["是否老客户"] else "否"
        return {label: ("" if value is None else value) for label, value in typed.items()}
    typed["装修风格"] = stored.option["装修风格"][style]
    typed["意向等级"] = stored.option["意向等级"][intent]
    return {stored.key[label]: value for label, value in typed.items() if value is not None}
