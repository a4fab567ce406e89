from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from atrium.web.health import health_report
from atrium.web.home_page import home_context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = home_context(request.user)
    template = {"client": "web/home_client.html", "waiting": "web/home_waiting.html"}.get(context["variant"])
    return render(request, template or "web/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
