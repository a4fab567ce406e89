"""Data in and out of the customer lists: exports (imports live in ``atrium.imports``)."""

from django.urls import re_path

from atrium.customers.views import exports

urlpatterns = [
    re_path(
        r"^(?P<list_key>customers|contacts|leads|pool)/export\.(?P<format>csv|xlsx)$",
        exports.list_export,
        name="list_export",
    ),
]
