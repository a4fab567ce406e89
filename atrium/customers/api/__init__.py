"""The customers API: customers, contacts, leads, follow-ups, pool actions and merge."""

from ninja import Router

router = Router(tags=["customers"])
