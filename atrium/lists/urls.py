"""The list engine's shared URLs (any registered list): bulk actions, saved views, exports. Each list's page
is bound by its own app (``path("deals/", list_page, {"list_key": "deals"}, name="list")``)."""

from django.contrib.auth.decorators import login_required
from django.urls import path, re_path

from atrium.core.errors import page_errors
from atrium.lists import views

app_name = "lists"


def _page(view):
    return login_required(page_errors(view))


urlpatterns = [
    path("bulk/", _page(views.bulk), name="bulk"),
    path("views/save/", _page(views.saved_view_save), name="saved_view_save"),
    path("views/<int:view_id>/delete/", _page(views.saved_view_delete), name="saved_view_delete"),
    re_path(r"^(?P<list_key>[a-z_]+)/export\.(?P<format>csv|xlsx)$", _page(views.export), name="export"),
]
