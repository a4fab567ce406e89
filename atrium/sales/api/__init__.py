"""The sales API: pipelines with their stages, and deals (list, read, create, edit with version, move, delete).

The deals list is a cursor page (``{"items": [...], "next_cursor": ...}``, ``limit`` ≤ the list's maximum)
filtered by the filters of the list spec ``deals`` (``atrium.sales.lists``; unknown ones answer 400). Edits and
moves take the deal's ``version``; a stale one answers 409 and changes nothing. Entering a stage checks what the
stage needs (a lost stage: ``lost_reason``); what is missing answers 400 naming the field.
"""

from ninja import Router

from atrium.sales.api import deals, pipelines, products, quotes

router = Router(tags=["sales"])
router.add_router("", pipelines.router)
router.add_router("", deals.router)
router.add_router("", products.router)
router.add_router("", quotes.router)
