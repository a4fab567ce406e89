"""Data out of the customer lists: exports by the list engine (imports live in ``atrium.imports``)."""

from django.contrib.auth.decorators import login_required
from django.urls import re_path

from atrium.lists import views as lists

urlpatterns = [
    re_path(
        r"^(?P<list_key>customers|contacts|leads|pool)/export\.(?P<format>csv|xlsx)$",
        login_required(lists.export),
        name="list_export",
    ),
]
