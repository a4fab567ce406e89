"""The permission sweep's records of sales: a deal of sales2's (on a customer of sales2's), and the pipeline and
a stage it is in. Pipelines read like a directory: anyone who may view deals opens any pipeline's kanban; only
who may edit pipelines changes them."""

from django.utils import timezone

from atrium.sales.models import Deal, Pipeline, Stage
from atrium.testing.sweep import record_maker, url_argument


@record_maker("pipeline")
def _pipeline(world):
    pipeline = Pipeline.objects.create(name="扫荡流程", position=9)
    Stage.objects.create(pipeline=pipeline, name="初步接触", position=1, probability=20)
    Stage.objects.create(pipeline=pipeline, name="报价", position=2, probability=60)
    Stage.objects.create(pipeline=pipeline, name="输单", position=3, kind="lost")
    return pipeline


@record_maker("stage")
def _stage(world):
    return world.records["pipeline"].stages.order_by("position").first()


@record_maker("deal")
def _deal(world):
    stage = world.records["stage"]
    return Deal.objects.create(
        title="华景家园全屋装修",
        customer=world.records["customer"],
        pipeline=stage.pipeline,
        stage=stage,
        owner=world.personas.sales2,
        stage_entered_at=timezone.now(),
    )


url_argument("deal_id", record="deal")
url_argument("pipeline_id", record="pipeline", directory=True)
url_argument("stage_id", record="stage", directory=True)
url_argument("direction", values=("up", "down"))


@record_maker("quote")
def _quote(world):
    from atrium.sales.models import Quote, QuoteLine, QuoteVersion

    quote = Quote.objects.create(deal=world.records["deal"], number="BJ-2026-99999", title="华景家园报价")
    version = QuoteVersion.objects.create(quote=quote, number=1)
    QuoteLine.objects.create(
        quote_version=version, position=1, description="水电改造", quantity=1, unit_price=18000, total=18000
    )
    return quote


@record_maker("product")
def _product(world):
    from atrium.sales.models import Product

    return Product.objects.create(name="扫荡瓷砖", unit="㎡", unit_price=80)


url_argument("quote_id", record="quote")
url_argument("number", values=("1",))
url_argument("product_id", record="product", directory=True)
