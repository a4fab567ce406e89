"""The contracts API: contracts and their payment plans (``contracts``), payments and invoices (``payments``).

Lists are cursor pages (``{"items": [...], "next_cursor": ...}``): contracts and payments filtered by the
filters of their list specs (``atrium.contracts.lists``; unknown ones answer 400), invoices by ``contract``.
Edits, status changes and plan saves take the contract's ``version``; a stale one answers 409 and changes
nothing. Money is a string with two decimals, dates are ISO; a record out of the caller's scope answers 404.
"""

from ninja import Router

from atrium.contracts.api import contracts, payments

router = Router(tags=["contracts"])
router.add_router("", contracts.router)
router.add_router("", payments.router)
