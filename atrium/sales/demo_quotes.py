"""Demo data of quotes: a catalogue of a renovation firm's products and services, and quotes for the demo deals
in the quote, negotiation and won stages — two versions each (the first sent, the second revised), one of them
accepted online by the client through its link."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from atrium.core.demo import register_seeder
from atrium.sales.models import Deal, Product, Quote, StageKind
from atrium.sales.quote_links import LinkTarget
from atrium.sales.services.quote_answers import quote_version_answer
from atrium.sales.services.quotes import (
    product_create,
    quote_create,
    quote_version_mark,
    quote_version_new,
    quote_version_save,
)

SEED = 20241205
CATALOGUE = (
    # name, category, unit, unit price, tax rate
    ("全屋设计", "设计", "㎡", "80", "6"),
    ("拆除及垃圾清运", "拆改", "项", "3500", "9"),
    ("水电改造", "水电", "㎡", "120", "9"),
    ("卫生间防水", "泥瓦", "㎡", "95", "9"),
    ("地砖铺贴", "泥瓦", "㎡", "65", "9"),
    ("抛光砖 800×800", "主材", "㎡", "89.5", "13"),
    ("实木复合地板", "主材", "㎡", "268", "13"),
    ("石膏板吊顶", "木工", "㎡", "150", "9"),
    ("墙面乳胶漆", "油漆", "㎡", "38", "9"),
    ("定制衣柜", "定制", "㎡", "880", "13"),
    ("整体橱柜", "定制", "米", "2600", "13"),
    ("软装搭配", "软装", "套", "12000", "6"),
)


def _quantity(rng: random.Random, unit: str) -> int:
    """What a home of 60–150 ㎡ needs: areas in ㎡, a few metres of cabinets, one of each 项 or 套."""
    if unit == "㎡":
        return rng.randrange(12, 150)
    if unit == "米":
        return rng.randrange(3, 9)
    return 1


def seed_quotes() -> None:
    """Idempotent: nothing when a quote exists or there are no demo deals."""
    if Quote.objects.exists():
        return
    from atrium.accounts.models import User

    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    deals = list(
        Deal.objects.filter(
            stage__name__in=("报价", "谈判", "成交"), state__in=(StageKind.OPEN, StageKind.WON)
        )
        .select_related("owner")
        .order_by("pk")[:14]
    )
    if not deals:
        return
    rng = random.Random(SEED)
    with transaction.atomic():
        products = [
            product_create(
                actor=admin,
                data={"name": n, "category": c, "unit": u, "unit_price": p, "tax_rate": t},
            )
            for n, c, u, p, t in CATALOGUE
            if not Product.objects.filter(name=n, unit=u).exists()
        ]
        if not products:
            products = list(Product.objects.all())
        accepted_one = False
        for deal in deals:
            owner = deal.owner
            picked = rng.sample(products, k=min(len(products), rng.randrange(4, 8)))
            lines = [{"product": p.pk, "quantity": str(_quantity(rng, p.unit))} for p in picked]
            quote = quote_create(
                actor=owner,
                deal=deal,
                data={
                    "title": deal.title,
                    "lines": lines,
                    "terms": "付款方式：开工 30%，水电验收 40%，竣工 25%，质保 5%。",
                },
            )
            quote_version_mark(actor=owner, quote=quote, number=1, status="sent", version=1)
            v2 = quote_version_new(actor=owner, quote=quote)
            revised: list[dict[str, object]] = [
                dict(
                    line,
                    quantity=str(
                        Decimal(str(line["quantity"])) + (2 if int(str(line["quantity"])) > 1 else 0)
                    ),
                )
                for line in lines[:-1]
            ]
            revised[0]["discount_percent"] = "5"
            quote_version_save(
                actor=owner, quote=quote, number=2, data={"lines": revised}, version=v2.version
            )
            if deal.state == StageKind.WON or deal.stage.name == "谈判":
                quote_version_mark(actor=owner, quote=quote, number=2, status="sent", version=v2.version + 1)
                if not accepted_one:
                    quote_version_answer(
                        target=LinkTarget(quote_id=quote.pk, number=2),
                        accept=True,
                        name="业主本人",
                        ip="203.0.113.8",
                    )
                    accepted_one = True


register_seeder(35, "quotes", seed_quotes)
