"""The signed link of a sent quote version (no sign-in): it names one version of one quote, is signed with the
installation's secret (salted for this use), and expires after LINK_DAYS or when the version's validity ends.
A tampered, foreign or expired token is told apart for the page, never an error page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

SALT = "atrium.sales.quote-link"
LINK_DAYS = 60


class LinkRefused(Exception):
    """``reason``: "invalid" (tampered, not ours) or "expired"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LinkTarget:
    quote_id: int
    number: int


def quote_link_token(quote_id: int, number: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"q": quote_id, "v": number}, compress=False)


def read_quote_link(token: str) -> LinkTarget:
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=datetime.timedelta(days=LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        raise LinkRefused("invalid") from None
    try:
        return LinkTarget(quote_id=int(payload["q"]), number=int(payload["v"]))
    except (KeyError, TypeError, ValueError):
        raise LinkRefused("invalid") from None


def past_validity(valid_until: datetime.date | None) -> bool:
    return valid_until is not None and valid_until < timezone.localdate()
