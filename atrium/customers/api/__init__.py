"""The customers API: customers, contacts, leads, follow-ups, pool actions and merge.

Lists are cursor pages (``{"items": [...], "next_cursor": ...}``, ``limit`` ≤ 200) filtered by the list
filters of their list spec (``atrium.customers.lists``; unknown ones answer 400). Edits take the record's ``version``; a stale one answers 409 and
changes nothing. A create that looks like a duplicate answers 400 with code "duplicate" and ``hints``; send
``"force": true`` to create it anyway.
"""

from ninja import Router

from atrium.customers.api import customers, records

router = Router(tags=["customers"])
router.add_router("", customers.router)
router.add_router("", records.router)
