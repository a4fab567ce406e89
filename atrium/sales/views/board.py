"""The kanban of a pipeline (商机看板): columns = stages with count, total and weighted amount, 50 cards per
column and more on scroll; the deals list's filters and saved views; a drop calls the move service (JSON:
200 with the card's new version, 400 with what the stage needs, 409 when the deal changed meanwhile, and the
card goes back). Totals refresh for every viewer when the pipeline's deals change (websocket topic
``pipeline.<id>``, then each viewer re-reads their own scoped totals)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atrium.core.access import can, check_action, require
from atrium.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from atrium.core.form_submit import first_message
from atrium.lists.screen import filter_screen
from atrium.sales.forms import MoveForm
from atrium.sales.list_columns import yuan
from atrium.sales.models import Stage
from atrium.sales.selectors import (
    board,
    column_cards,
    column_totals,
    deal_get,
    pipeline_for_board,
    pipelines_in_use,
)
from atrium.sales.services import deal_move
from atrium.sales.won_offers import offers_for


@login_required
@require_GET
def board_home(request: HttpRequest) -> HttpResponse:
    """The first pipeline in use (the menu's 商机 entry), keeping the filters."""
    require(request.user, "deal", "view")
    pipelines = pipelines_in_use()
    if not pipelines:
        return redirect("sales:deals")
    target = reverse("sales:pipeline_board", args=[pipelines[0].pk])
    query = request.GET.urlencode()
    return redirect(f"{target}?{query}" if query else target)


def _screen(request: HttpRequest, pipeline_id: int) -> Any:
    url = reverse("sales:pipeline_board", args=[pipeline_id])
    return filter_screen(request.user, "deals", request.GET, url)


@login_required
@require_GET
def pipeline_board(request: HttpRequest, pipeline_id: int) -> HttpResponse:
    require(request.user, "deal", "view")
    pipeline = pipeline_for_board(pipeline_id)
    screen = _screen(request, pipeline.pk)
    context = {
        "pipeline": pipeline,
        "pipelines": pipelines_in_use(),
        "board": board(request.user, screen.query, pipeline),
        "screen": screen,
        "move_form": MoveForm().offer(),
        "can_create": can(request.user, "deal", "create"),
        "list_url": reverse("sales:deals"),
    }
    return render(request, "sales/board.html", context)


@login_required
@require_GET
def board_totals(request: HttpRequest, pipeline_id: int) -> JsonResponse:
    """The columns' figures (count, total, weighted) as the person sees them now: what a viewer re-reads
    when told the pipeline changed."""
    require(request.user, "deal", "view")
    pipeline = pipeline_for_board(pipeline_id)
    screen = _screen(request, pipeline.pk)
    columns = column_totals(request.user, screen.query, pipeline)
    open_columns = [c for c in columns if c.stage.kind == "open"]
    return JsonResponse(
        {
            "columns": [
                {"stage": c.stage.pk, "count": c.count, "total": yuan(c.total), "weighted": yuan(c.weighted)}
                for c in columns
            ],
            "total": yuan(sum((c.total for c in open_columns), Decimal("0"))),
            "weighted": yuan(sum((c.weighted for c in open_columns), Decimal("0"))),
        }
    )


@login_required
@require_GET
def board_column(request: HttpRequest, pipeline_id: int, stage_id: int) -> HttpResponse:
    """The next 50 cards of a column (after ``after``), for the column's scroll."""
    require(request.user, "deal", "view")
    pipeline = pipeline_for_board(pipeline_id)
    stage = Stage.objects.filter(pk=stage_id, pipeline=pipeline).first()
    if stage is None:
        return HttpResponse(status=404)
    after = request.GET.get("after", "")
    screen = _screen(request, pipeline.pk)
    cards, next_after = column_cards(
        request.user, screen.query, pipeline, stage, int(after) if after.isdigit() else None
    )
    context = {
        "pipeline": pipeline,
        "stage": stage,
        "cards": cards,
        "next_after": next_after,
        "query": screen.query_string,
    }
    return render(request, "sales/_board_cards.html", context)


@login_required
@require_POST
def deal_move_view(request: HttpRequest, deal_id: int) -> JsonResponse:
    """A card dropped on a stage (JSON answer for the board's script)."""
    deal = deal_get(request.user, deal_id)
    check_action(request.user, "deal", "edit", deal)  # the right before the input (403 for read-only)
    form = MoveForm(request.POST).offer()
    if not form.is_valid():
        return JsonResponse(
            {"message": _("Send the stage and the version you read."), "fields": form.errors}, status=400
        )
    try:
        moved = deal_move(
            actor=request.user,
            deal=deal,
            stage=form.cleaned_data["stage"],
            version=form.cleaned_data["version"],
            data=form.extra(),
        )
    except (Forbidden, NotFound):
        raise
    except Conflict:
        return JsonResponse(
            {
                "code": "conflict",
                "message": _(
                    "Someone changed this deal meanwhile, so it was not moved: the card went back. "
                    "Reload the board to see the latest."
                ),
            },
            status=409,
        )
    except ValidationFailed as exc:
        return JsonResponse(
            {
                "code": "invalid",
                "message": first_message(exc),
                "fields": exc.fields,
                "needs": sorted(exc.fields),
            },
            status=400,
        )
    except ServiceError as exc:
        return JsonResponse({"code": exc.code, "message": first_message(exc)}, status=400)
    return JsonResponse(
        {
            "id": moved.pk,
            "version": moved.version,
            "stage": moved.stage_id,
            "state": moved.state,
            "message": _("%(title)s moved to %(stage)s.") % {"title": moved.title, "stage": moved.stage.name},
            "won": moved.state == "won",
            "offers": offers_for(request.user, moved) if moved.state == "won" else [],
        }
    )
