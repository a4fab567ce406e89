"""URLs of the list pages (customers, contacts, leads, pool), their bulk actions and saved views: the list
engine's views (``atrium.lists.views``) at the addresses these lists always had."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from atrium.lists import views as lists

page = login_required(lists.list_page)

urlpatterns = [
    path("customers/", page, {"list_key": "customers"}, name="list"),
    path("contacts/", page, {"list_key": "contacts"}, name="contacts"),
    path("leads/", page, {"list_key": "leads"}, name="leads"),
    path("pool/", page, {"list_key": "pool"}, name="pool"),
    path("customers/bulk/", login_required(lists.bulk), name="bulk"),
    path("customers/views/save/", login_required(lists.saved_view_save), name="saved_view_save"),
    path(
        "customers/views/<int:view_id>/delete/",
        login_required(lists.saved_view_delete),
        name="saved_view_delete",
    ),
]
