"""Demo data of sales: the pipelines 家装 and 工装 (the default pipeline becomes 家装) and deals of the demo
customers across every stage, won and lost ones too, written through the services as their owners."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from atrium.core.demo import register_seeder
from atrium.customers.models import Customer, CustomerType
from atrium.sales.models import Deal, DealStageHistory, Pipeline, StageKind
from atrium.sales.services import deal_create, deal_move, pipeline_create

SEED = 20241204
HOME_TITLES = ("全屋装修", "旧房翻新", "厨卫改造", "软装设计", "阳台改造", "局部翻新")
WORKS_TITLES = ("办公室装修", "门店装修", "展厅改造", "厂房改造", "会议中心装修", "酒店客房翻新")
LOST_REASONS = ("价格太高", "选择了竞争对手", "预算不足", "需求取消")
SOURCES = ("转介绍", "网络推广", "老客户", "展会", "电话营销")


def _pipelines() -> tuple[Pipeline, Pipeline]:
    home = Pipeline.objects.filter(name="家装").first()
    if home is None:
        default = Pipeline.objects.order_by("position", "id").first()
        if default is not None and not Deal.objects.exists():
            Pipeline.objects.filter(pk=default.pk).update(name="家装")
            home = Pipeline.objects.get(pk=default.pk)
    from atrium.accounts.models import User

    admin = User.objects.get(username="admin")
    if home is None:
        home = pipeline_create(actor=admin, data={"name": "家装"})
    works = Pipeline.objects.filter(name="工装").first() or pipeline_create(
        actor=admin, data={"name": "工装"}
    )
    return home, works


def seed_deals() -> None:
    """Idempotent: does nothing when any deal exists or there are no demo customers."""
    if Deal.objects.exists():
        return
    customers = list(
        Customer.objects.filter(owner__username__in=("sales1", "sales2"), is_archived=False)
        .select_related("owner")
        .order_by("pk")[:90]
    )
    if not customers:
        return
    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        home, works = _pipelines()
        for index, customer in enumerate(customers):
            pipeline = home if customer.type == CustomerType.PERSON else works
            stages = list(pipeline.stages.order_by("position"))
            stage = stages[index % len(stages)]
            owner = customer.owner
            assert owner is not None
            titles = HOME_TITLES if pipeline == home else WORKS_TITLES
            base = 80_000 if pipeline == home else 400_000
            amount = Decimal(rng.randrange(base // 2, base * 3, 1000))
            first_open = next(s for s in stages if s.kind == StageKind.OPEN)
            deal = deal_create(
                actor=owner,
                data={
                    "customer": customer.pk,
                    "pipeline": pipeline.pk,
                    "stage": first_open.pk,
                    "title": f"{titles[index % len(titles)]} {rng.randrange(60, 300, 5)}㎡",
                    "amount": amount,
                    "expected_close": (now + datetime.timedelta(days=rng.randrange(-20, 90))).date(),
                    "source": SOURCES[index % len(SOURCES)],
                },
            )
            started = now - datetime.timedelta(days=rng.randrange(20, 110))
            Deal.objects.filter(pk=deal.pk).update(created_at=started, stage_entered_at=started)
            DealStageHistory.objects.filter(deal=deal).update(entered_at=started)
            if stage.pk != first_open.pk:
                extra = (
                    {"lost_reason": LOST_REASONS[index % len(LOST_REASONS)]}
                    if stage.kind == StageKind.LOST
                    else {}
                )
                deal_move(actor=owner, deal=deal.pk, stage=stage.pk, version=deal.version, data=extra)
                moved_at = started + datetime.timedelta(days=rng.randrange(3, 18))
                Deal.objects.filter(pk=deal.pk).update(
                    stage_entered_at=moved_at, closed_at=moved_at if stage.kind != StageKind.OPEN else None
                )
                DealStageHistory.objects.filter(deal=deal, left_at__isnull=False).update(left_at=moved_at)
                DealStageHistory.objects.filter(deal=deal, left_at__isnull=True).update(entered_at=moved_at)


register_seeder(30, "deals", seed_deals)
