"""URLs of the list pages (customers, contacts, leads, pool), their bulk actions and saved views."""

from django.urls import path

from atrium.customers.views import list_actions, lists

urlpatterns = [
    path("customers/", lists.customer_list, name="list"),
    path("contacts/", lists.contact_list, name="contacts"),
    path("leads/", lists.lead_list, name="leads"),
    path("pool/", lists.pool_list, name="pool"),
    path("customers/bulk/", list_actions.bulk, name="bulk"),
    path("customers/views/save/", list_actions.saved_view_save, name="saved_view_save"),
    path("customers/views/<int:view_id>/delete/", list_actions.saved_view_delete, name="saved_view_delete"),
]
