"""The pages of sales as people use them: the kanban with column figures in the person's scope, a drop on a
stage (200, 400 with what the stage needs, 409 stale), the deals list, a deal's page with its stage history,
the customer page's deals section, and the stage editor's removal that moves a stage's deals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atrium.sales.models import Deal
from atrium.sales.services import deal_create, deal_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def deals(personas, customers, pipeline):
    made = {}
    for who, amount in (("sales1", "100000"), ("sales2", "300000")):
        made[who] = deal_create(
            actor=personas[who],
            data={
                "title": f"全屋装修·{who}",
                "customer": customers[who].pk,
                "pipeline": pipeline.pk,
                "amount": amount,
            },
        )
    return made


def test_the_kanban_shows_only_the_persons_deals_and_their_totals(client_as, deals, pipeline):
    page = client_as("sales1").get(reverse("sales:pipeline_board", args=[pipeline.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "全屋装修·sales1" in text and "全屋装修·sales2" not in text
    assert "¥100,000.00" in text and "¥300,000.00" not in text
    totals = client_as("admin").get(reverse("sales:board_totals", args=[pipeline.pk])).json()
    first = next(c for c in totals["columns"] if c["count"])
    assert first == {
        "stage": deals["sales1"].stage_id,
        "count": 2,
        "total": "¥400,000.00",
        "weighted": "¥40,000.00",
    }
    mine = client_as("sales1").get(reverse("sales:board_totals", args=[pipeline.pk])).json()
    assert next(c for c in mine["columns"] if c["count"])["total"] == "¥100,000.00"


def test_the_kanban_reads_the_lists_filters(client_as, deals, pipeline):
    url = reverse("sales:pipeline_board", args=[pipeline.pk])
    page = client_as("admin").get(url, {"amount_min": "200000"})
    text = page.content.decode()
    assert "全屋装修·sales2" in text and "全屋装修·sales1" not in text


def test_a_drop_moves_asks_or_goes_back(client_as, deals, stages):
    deal = deals["sales1"]
    url = reverse("sales:deal_move", args=[deal.pk])
    client = client_as("sales1")
    lost = client.post(url, {"stage": stages["输单"].pk, "version": 1})
    assert lost.status_code == 400 and lost.json()["needs"] == ["lost_reason"]
    ok = client.post(url, {"stage": stages["输单"].pk, "version": 1, "lost_reason": "预算不足"})
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok.json()["state"] == "lost"
    stale = client.post(url, {"stage": stages["谈判"].pk, "version": 1})
    assert stale.status_code == 409 and "卡片已退回" in stale.json()["message"]
    deal.refresh_from_db()
    assert deal.stage == stages["输单"] and deal.lost_reason == "预算不足"
    theirs = client.post(
        reverse("sales:deal_move", args=[deals["sales2"].pk]), {"stage": stages["谈判"].pk, "version": 1}
    )
    assert theirs.status_code == 404


def test_cards_load_fifty_at_a_time(client_as, personas, customers, pipeline, stages):
    for n in range(55):
        deal_create(
            actor=personas.sales1,
            data={"title": f"卡片{n:02d}", "customer": customers["sales1"].pk, "pipeline": pipeline.pk},
        )
    page = client_as("sales1").get(reverse("sales:pipeline_board", args=[pipeline.pk])).content.decode()
    assert page.count('data-testid="deal-card"') == 50 and "卡片54" in page and "卡片04" not in page
    oldest = Deal.objects.order_by("pk")[5]
    more = client_as("sales1").get(
        reverse("sales:board_column", args=[pipeline.pk, stages["潜在客户"].pk]), {"after": oldest.pk}
    )
    assert more.content.decode().count('data-testid="deal-card"') == 5


def test_deal_page_list_and_customer_section(client_as, deals, customers, stages):
    deal = deals["sales1"]
    client_as("sales1").post(
        reverse("sales:deal_move", args=[deal.pk]), {"stage": stages["初步接触"].pk, "version": 1}
    )
    page = client_as("sales1").get(reverse("sales:deal_detail", args=[deal.pk])).content.decode()
    assert "阶段历史" in page and "¥100,000.00" in page
    # The timeline reads the move by the stages' names and the amount as money (no ids, no raw numbers).
    assert "潜在客户 → 初步接触" in page and "无权查看" not in page
    assert client_as("sales1").get(reverse("sales:deal_detail", args=[deals["sales2"].pk])).status_code == 404
    listed = client_as("sales1").get(reverse("sales:deals")).content.decode()
    assert "全屋装修·sales1" in listed and "全屋装修·sales2" not in listed
    section = (
        client_as("sales1").get(reverse("customers:detail", args=[customers["sales1"].pk])).content.decode()
    )
    assert 'data-testid="customer-deals"' in section and "全屋装修·sales1" in section


def test_the_edit_form_refuses_a_stale_version_and_keeps_the_input(client_as, deals):
    deal = deals["sales1"]
    deal_update(actor=deal.owner, deal=deal, data={"title": "先改的"}, version=1)
    answer = client_as("sales1").post(
        reverse("sales:deal_edit", args=[deal.pk]),
        {"title": "后改的", "stage": deal.stage_id, "owner": deal.owner_id, "version": 1},
    )
    assert answer.status_code == 409 and "后改的" in answer.content.decode()
    deal.refresh_from_db()
    assert deal.title == "先改的"


def test_a_stage_in_use_is_deleted_only_with_a_stage_to_move_to(client_as, deals, stages):
    url = reverse("sales:stage_delete", args=[stages["潜在客户"].pk])
    admin = client_as("admin")
    asked = admin.post(url, {})
    assert asked.status_code == 400 and "请选择要移到的阶段" in asked.content.decode()
    assert Deal.objects.filter(stage=stages["潜在客户"]).count() == 2
    done = admin.post(url, {"move_to": stages["初步接触"].pk})
    assert done.status_code == 302
    assert Deal.objects.filter(stage=stages["初步接触"]).count() == 2
    assert client_as("sales1").post(url, {"move_to": stages["初步接触"].pk}).status_code in (403, 404)


def test_the_home_page_shows_my_open_deals_by_stage(client_as, deals, stages):
    home = client_as("sales1").get("/").content.decode()
    assert 'data-testid="my-open-deals"' in home and "¥100,000.00" in home and "¥300,000.00" not in home
    assert f"?stage={stages['潜在客户'].pk}&amp;owner=" in home
    assert 'data-testid="my-open-deals"' not in client_as("outsider").get("/").content.decode()
