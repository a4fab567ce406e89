"""Data out of the customer lists: exports by the list engine (imports live in ``atrium.imports``)."""

from django.urls import re_path

from atrium.customers.views.records import record_page
from atrium.lists import views as lists

urlpatterns = [
    re_path(
        r"^(?P<list_key>customers|contacts|leads|pool)/export\.(?P<format>csv|xlsx)$",
        record_page(lists.export),
        name="list_export",
    ),
]
