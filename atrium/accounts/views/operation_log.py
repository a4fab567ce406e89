"""The operation log page (操作日志): the list engine's page of the "operation_log" spec
(``atrium/accounts/lists.py``); its CSV / Excel exports are the engine's export view at this page's
addresses (``urls.py``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from atrium.lists.views import render_list


@login_required
def operation_log(request: HttpRequest) -> HttpResponse:
    return render_list(request, "operation_log", request.GET)
