from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from atrium.notifications.selectors import inbox as inbox_of


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/inbox.html", {"notifications": inbox_of(request.user)[:50]})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/preferences.html")
