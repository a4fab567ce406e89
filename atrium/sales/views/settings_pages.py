"""The settings centre's pipelines and stages (销售流程与阶段): the pipelines in use, a pipeline's stages in
order (move up / down), new and edit forms for both, and a stage's removal that offers where its deals go."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atrium.core.access import can, require
from atrium.core.form_submit import run_action, submit_form
from atrium.sales.forms import (
    PipelineEditForm,
    PipelineForm,
    StageDeleteForm,
    StageEditForm,
    StageForm,
)
from atrium.sales.models import Deal, Pipeline, Stage
from atrium.sales.services import (
    pipeline_create,
    pipeline_delete,
    pipeline_update,
    stage_create,
    stage_delete,
    stage_update,
    stages_reorder,
)


def _pipeline_url(pipeline_id: int) -> str:
    return reverse("sales:pipeline_detail", args=[pipeline_id])


@login_required
def pipelines(request: HttpRequest) -> HttpResponse:
    require(request.user, "pipeline", "view")
    rows = Pipeline.objects.annotate(
        deal_count=Count("deals", distinct=True), stage_count=Count("stages", distinct=True)
    )
    context = {
        "pipelines": rows.order_by("position", "id"),
        "can_edit": can(request.user, "pipeline", "edit"),
    }
    return render(request, "sales/settings/pipelines.html", context)


@login_required
def pipeline_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "pipeline", "edit")
    form = PipelineForm(request.POST or None)
    return submit_form(
        request,
        form,
        lambda data: pipeline_create(actor=request.user, data=data),
        success=lambda p: (
            _("Pipeline %(name)s was created with the usual stages: edit them below.") % {"name": p.name}
        ),
        redirect=lambda p: _pipeline_url(p.pk),
        template="sales/settings/pipeline_form.html",
        context={"form": form},
        allowed=lambda: require(request.user, "pipeline", "edit"),
    )


@login_required
def pipeline_detail(request: HttpRequest, pipeline_id: int) -> HttpResponse:
    require(request.user, "pipeline", "view")
    pipeline = get_object_or_404(Pipeline, pk=pipeline_id)
    counts = dict(
        Deal.objects.filter(pipeline=pipeline).order_by().values_list("stage_id").annotate(n=Count("id"))
    )
    stages = list(pipeline.stages.order_by("position", "id"))
    for stage in stages:
        stage.deal_count = counts.get(stage.pk, 0)  # type: ignore[attr-defined]
    can_edit = can(request.user, "pipeline", "edit")
    form = PipelineEditForm(
        request.POST or None,
        initial={
            "name": pipeline.name,
            "is_active": pipeline.is_active,
            "accepted_quote_stage": str(pipeline.accepted_quote_stage_id or ""),
            "version": pipeline.version,
        },
    ).offer(pipeline)
    return submit_form(
        request,
        form,
        lambda data: pipeline_update(
            actor=request.user, pipeline=pipeline, data=data, version=data["version"]
        ),
        success=_("The pipeline was saved."),
        redirect=_pipeline_url(pipeline.pk),
        template="sales/settings/pipeline_detail.html",
        context={"form": form, "pipeline": pipeline, "stages": stages, "can_edit": can_edit},
        stale_banner=True,
        allowed=lambda: require(request.user, "pipeline", "edit"),
    )


@login_required
@require_POST
def pipeline_delete_view(request: HttpRequest, pipeline_id: int) -> HttpResponse:
    require(request.user, "pipeline", "edit")
    pipeline = get_object_or_404(Pipeline, pk=pipeline_id)
    return run_action(
        request,
        lambda: pipeline_delete(actor=request.user, pipeline=pipeline),
        success=_("The pipeline was deleted."),
        redirect=reverse("sales:pipelines"),
    )


@login_required
def stage_new(request: HttpRequest, pipeline_id: int) -> HttpResponse:
    require(request.user, "pipeline", "edit")
    pipeline = get_object_or_404(Pipeline, pk=pipeline_id)
    form = StageForm(request.POST or None)
    return submit_form(
        request,
        form,
        lambda _data: stage_create(actor=request.user, pipeline=pipeline, data=form.values()),
        success=lambda s: _("Stage %(name)s was added.") % {"name": s.name},
        redirect=_pipeline_url(pipeline.pk),
        template="sales/settings/stage_form.html",
        context={"form": form, "pipeline": pipeline},
        allowed=lambda: require(request.user, "pipeline", "edit"),
    )


@login_required
def stage_edit(request: HttpRequest, stage_id: int) -> HttpResponse:
    require(request.user, "pipeline", "view")
    stage = get_object_or_404(Stage.objects.select_related("pipeline"), pk=stage_id)
    initial = {
        "name": stage.name,
        "probability": str(stage.probability),
        "kind": stage.kind,
        "color": stage.color,
        "required_fields": stage.required_fields,
        "version": stage.version,
    }
    form = StageEditForm(request.POST or None, initial=initial)
    return submit_form(
        request,
        form,
        lambda data: stage_update(
            actor=request.user, stage=stage, data=form.values(), version=data["version"]
        ),
        success=_("The stage was saved."),
        redirect=_pipeline_url(stage.pipeline_id),
        template="sales/settings/stage_form.html",
        context={"form": form, "pipeline": stage.pipeline, "stage": stage},
        stale_banner=True,
        allowed=lambda: require(request.user, "pipeline", "edit"),
    )


@login_required
def stage_delete_view(request: HttpRequest, stage_id: int) -> HttpResponse:
    require(request.user, "pipeline", "edit")
    stage = get_object_or_404(Stage.objects.select_related("pipeline"), pk=stage_id)
    deal_count = Deal.objects.filter(stage=stage).count()
    form = StageDeleteForm(request.POST if request.method == "POST" else None).offer(stage)
    return submit_form(
        request,
        form,
        lambda data: stage_delete(actor=request.user, stage=stage, move_to=data.get("move_to")),
        success=lambda moved: (
            _("The stage was deleted; %(count)d deals moved.") % {"count": moved}
            if moved
            else _("The stage was deleted.")
        ),
        redirect=_pipeline_url(stage.pipeline_id),
        template="sales/settings/stage_delete.html",
        context={"form": form, "pipeline": stage.pipeline, "stage": stage, "deal_count": deal_count},
        allowed=lambda: require(request.user, "pipeline", "edit"),
    )


@login_required
@require_POST
def stage_shift(request: HttpRequest, stage_id: int, direction: str) -> HttpResponse:
    """Move a stage one place up or down."""
    require(request.user, "pipeline", "edit")
    stage = get_object_or_404(Stage, pk=stage_id)
    order = list(
        Stage.objects.filter(pipeline_id=stage.pipeline_id)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    index = order.index(stage.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    return run_action(
        request,
        lambda: stages_reorder(actor=request.user, pipeline=stage.pipeline_id, stage_ids=order),
        success=_("The order of the stages was saved."),
        redirect=_pipeline_url(stage.pipeline_id),
    )
