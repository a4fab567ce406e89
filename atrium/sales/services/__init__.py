"""Every write of sales: pipelines and stages (``pipelines``), deals and their moves (``deals``)."""

from atrium.sales.services.deals import (
    DEAL_WRITES,
    deal_create,
    deal_delete,
    deal_move,
    deal_update,
    deals_delete,
    deals_transfer,
)
from atrium.sales.services.pipelines import (
    PIPELINE_WRITES,
    pipeline_create,
    pipeline_delete,
    pipeline_update,
    stage_create,
    stage_delete,
    stage_update,
    stages_reorder,
)

__all__ = [
    "DEAL_WRITES",
    "PIPELINE_WRITES",
    "deal_create",
    "deal_delete",
    "deal_move",
    "deal_update",
    "deals_delete",
    "deals_transfer",
    "pipeline_create",
    "pipeline_delete",
    "pipeline_update",
    "stage_create",
    "stage_delete",
    "stage_update",
    "stages_reorder",
]
