"""The parameters of a global search (API and page): q, kinds (comma-separated), limit per kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from atrium.core.errors import ValidationFailed
from atrium.core.search.query import MAX_QUERY_LENGTH, searchable_kinds

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


@dataclass(frozen=True)
class SearchRequest:
    q: str
    kinds: list[str]
    limit: int


def _kinds(raw: str) -> list[str]:
    known = searchable_kinds()
    if not raw.strip():
        return known
    wanted = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [kind for kind in wanted if kind not in known]
    if unknown:
        message = _("Unknown kind: %(kinds)s. Choose from %(known)s.") % {
            "kinds": ", ".join(unknown),
            "known": ", ".join(known),
        }
        raise ValidationFailed({"kinds": [message]})
    return [kind for kind in known if kind in wanted]


def _limit(raw: str) -> int:
    if not raw.strip():
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise ValidationFailed({"limit": [_("Enter a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}]})
    return value


def parse_search_request(params: Mapping[str, str]) -> SearchRequest:
    """Raises ValidationFailed naming each bad parameter."""
    q = (params.get("q") or "").strip()
    errors: dict[str, list[str]] = {}
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = [_("At most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}]
    kinds: list[str] = []
    limit = DEFAULT_LIMIT
    try:
        kinds = _kinds(params.get("kinds") or "")
    except ValidationFailed as exc:
        errors.update(exc.fields)
    try:
        limit = _limit(params.get("limit") or "")
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(errors)
    return SearchRequest(q=q, kinds=kinds, limit=limit)
