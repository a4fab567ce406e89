"""Pages of the notification centre: the inbox (with HTMX fragments) and the preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atrium.core.errors import ServiceError, ValidationFailed
from atrium.notifications import services
from atrium.notifications.registry import all_notification_kinds
from atrium.notifications.selectors import inbox_page, preferences_of

PAGE_SIZE = 30


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    cursor = request.GET.get("cursor") or None
    try:
        page = inbox_page(request.user, cursor=cursor, limit=PAGE_SIZE, unread_only=unread_only)
    except ValidationFailed:
        return redirect("notifications:inbox")
    template = "notifications/_items.html" if cursor and _is_htmx(request) else "notifications/inbox.html"
    return render(request, template, {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = services.notification_mark_read(actor=request.user, notification_id=notification_id)
    if _is_htmx(request):
        return render(request, "notifications/_read.html", {"n": notification})
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(actor=request.user)
    if _is_htmx(request):
        return render(
            request, "notifications/_list.html", {"page": inbox_page(request.user, limit=PAGE_SIZE)}
        )
    return redirect("notifications:inbox")


@login_required
@require_POST
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Clicking a notification marks it read and follows its link (only links into this site)."""
    notification = services.notification_mark_read(actor=request.user, notification_id=notification_id)
    safe = url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notification.link if notification.link and safe else "notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        chosen = {
            kind.key: {
                "in_app": f"in_app:{kind.key}" in request.POST,
                "email": f"email:{kind.key}" in request.POST,
            }
            for kind in all_notification_kinds()
        }
        try:
            services.preferences_set(actor=request.user, prefs=chosen)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"rows": preferences_of(request.user)})
