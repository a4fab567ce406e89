from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from atrium.core.home_panels import panels_for
from atrium.web.health import health_report


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"panels": panels_for(request.user)})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
