"""URLs of the record pages: customers, contacts, leads, follow-ups and the customer settings."""

from django.urls import path

from atrium.customers.views import (
    contact_pages,
    customer_pages,
    followup_pages,
    lead_pages,
    settings_pages,
)

urlpatterns = [
    path("customers/new/", customer_pages.customer_new, name="customer_new"),
    path("customers/<int:customer_id>/", customer_pages.customer_detail, name="detail"),
    path("customers/<int:customer_id>/edit/", customer_pages.customer_edit, name="customer_edit"),
    path(
        "customers/<int:customer_id>/timeline/",
        customer_pages.customer_timeline_fragment,
        name="customer_timeline",
    ),
    path("customers/<int:customer_id>/claim/", customer_pages.customer_claim_view, name="customer_claim"),
    path(
        "customers/<int:customer_id>/release/", customer_pages.customer_release_view, name="customer_release"
    ),
    path(
        "customers/<int:customer_id>/transfer/",
        customer_pages.customer_transfer_view,
        name="customer_transfer",
    ),
    path("customers/<int:customer_id>/merge/", customer_pages.customer_merge_view, name="customer_merge"),
    path("contacts/new/", contact_pages.contact_new, name="contact_new"),
    path("contacts/<int:contact_id>/", contact_pages.contact_detail, name="contact_detail"),
    path("contacts/<int:contact_id>/edit/", contact_pages.contact_edit, name="contact_edit"),
    path("leads/new/", lead_pages.lead_new, name="lead_new"),
    path("leads/<int:lead_id>/", lead_pages.lead_detail, name="lead_detail"),
    path("leads/<int:lead_id>/edit/", lead_pages.lead_edit, name="lead_edit"),
    path("leads/<int:lead_id>/convert/", lead_pages.lead_convert_view, name="lead_convert"),
    path("followups/new/", followup_pages.followup_new, name="followup_new"),
    path("settings/customers/", settings_pages.customer_settings, name="settings"),
]
