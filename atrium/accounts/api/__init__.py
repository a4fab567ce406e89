"""API of people and access; each area has its own router module, composed here."""

from ninja import Router

from atrium.accounts.api.me import router as me_router
from atrium.accounts.api.operation_log import router as operation_log_router
from atrium.accounts.api.people import router as people_router
from atrium.accounts.api.tokens import router as tokens_router

router = Router()
router.add_router("", me_router)
router.add_router("", operation_log_router)
router.add_router("", tokens_router)
router.add_router("", people_router)
