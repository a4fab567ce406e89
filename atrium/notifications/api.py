"""API of the notification centre: a person's own notifications and preferences, nobody else's."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from atrium.core.api.schemas import ERRORS, CursorPage, InputSchema
from atrium.notifications import services
from atrium.notifications.selectors import inbox_page, preferences_of

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class InboxQuery(Schema):
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)
    unread: bool = False


class ReadAllOut(Schema):
    marked_read: int


class PreferenceOut(Schema):
    kind: str
    label: str
    in_app: bool
    email: bool


class PreferenceIn(InputSchema):
    kind: str
    in_app: bool | None = None
    email: bool | None = None


class PreferencesIn(InputSchema):
    preferences: list[PreferenceIn]


@router.get(
    "", response={200: CursorPage[NotificationOut], **ERRORS}, summary="My notifications, newest first"
)
def list_notifications(request: HttpRequest, query: Query[InboxQuery]):
    page = inbox_page(request.user, cursor=query.cursor, limit=query.limit, unread_only=query.unread)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/read-all", response={200: ReadAllOut, **ERRORS}, summary="Mark all my notifications read")
def read_all(request: HttpRequest):
    return {"marked_read": services.notifications_mark_all_read(actor=request.user)}


@router.post(
    "/{int:notification_id}/read", response={200: NotificationOut, **ERRORS}, summary="Mark one read"
)
def read_one(request: HttpRequest, notification_id: int):
    return services.notification_mark_read(actor=request.user, notification_id=notification_id)


@router.get("/preferences", response={200: list[PreferenceOut], **ERRORS}, summary="My notification settings")
def get_preferences(request: HttpRequest):
    return preferences_of(request.user)


@router.put("/preferences", response={200: list[PreferenceOut], **ERRORS}, summary="Change my settings")
def put_preferences(request: HttpRequest, payload: PreferencesIn):
    prefs = {p.kind: p.model_dump(exclude={"kind"}, exclude_none=True) for p in payload.preferences}
    return services.preferences_set(actor=request.user, prefs=prefs)
