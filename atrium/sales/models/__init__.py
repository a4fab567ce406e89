"""The records of sales: pipelines, stages and deals (``deals``); products and versioned quotes (``quotes``)."""

from atrium.sales.models.deals import (
    STAGE_COLORS,
    Deal,
    DealStageHistory,
    Pipeline,
    RequiredField,
    Stage,
    StageKind,
)
from atrium.sales.models.quotes import Product, Quote, QuoteLine, QuoteStatus, QuoteVersion

__all__ = [
    "STAGE_COLORS",
    "Deal",
    "DealStageHistory",
    "Pipeline",
    "Product",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "QuoteVersion",
    "RequiredField",
    "Stage",
    "StageKind",
]
