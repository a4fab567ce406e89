"""API of people and access; each area has its own router module, composed here."""

from ninja import Router

from atrium.accounts.api.me import router as me_router

router = Router()
router.add_router("", me_router)
