"""Pipelines API: every pipeline with its stages in order (read only; the settings centre edits them)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router

from atrium.core.access import can
from atrium.core.api.schemas import ERRORS
from atrium.core.errors import Forbidden, NotFound
from atrium.sales.api.schemas import PipelineOut
from atrium.sales.models import Pipeline, Stage

router = Router(tags=["sales"])


def _pipelines(request: HttpRequest):
    """Pipelines read like a directory: whoever may view deals (or pipelines) reads them all."""
    user = request.user
    if not (can(user, "deal", "view") or can(user, "pipeline", "view")):
        raise Forbidden()
    stages = Prefetch("stages", queryset=Stage.objects.order_by("position", "id"))
    return Pipeline.objects.order_by("position", "id").prefetch_related(stages)


@router.get("/pipelines", response={200: list[PipelineOut], **ERRORS}, summary="Pipelines and their stages")
def list_pipelines(request: HttpRequest):
    return list(_pipelines(request))


@router.get("/pipelines/{int:pipeline_id}", response={200: PipelineOut, **ERRORS}, summary="One pipeline")
def get_pipeline(request: HttpRequest, pipeline_id: int):
    pipeline = _pipelines(request).filter(pk=pipeline_id).first()
    if pipeline is None:
        raise NotFound()
    return pipeline
