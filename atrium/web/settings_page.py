"""The settings centre (系统设置): one page of cards, one per section the person may open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atrium.core.errors import Forbidden
from atrium.core.settings_centre import sections_for


@login_required
@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    groups = sections_for(request.user)
    if not groups:
        raise Forbidden(_("You have no settings to manage."))
    return render(request, "web/settings.html", {"groups": groups})
