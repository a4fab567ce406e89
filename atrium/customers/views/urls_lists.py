"""URLs of the list pages (customers, contacts, leads, pool), their bulk actions and saved views: the list
engine's views (``atrium.lists.views``) at the addresses these lists always had."""

from django.urls import path

from atrium.customers.views.records import record_page
from atrium.lists import views as lists

page = record_page(lists.list_page)

urlpatterns = [
    path("customers/", page, {"list_key": "customers"}, name="list"),
    path("contacts/", page, {"list_key": "contacts"}, name="contacts"),
    path("leads/", page, {"list_key": "leads"}, name="leads"),
    path("pool/", page, {"list_key": "pool"}, name="pool"),
    path("customers/bulk/", record_page(lists.bulk), name="bulk"),
    path("customers/views/save/", record_page(lists.saved_view_save), name="saved_view_save"),
    path(
        "customers/views/<int:view_id>/delete/",
        record_page(lists.saved_view_delete),
        name="saved_view_delete",
    ),
]
