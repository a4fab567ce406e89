from django.contrib.auth.decorators import login_required
from django.urls import path

from atrium.contracts.views import contract_pages, file_pages, payment_pages
from atrium.lists.views import list_page

app_name = "contracts"

urlpatterns = [
    path("contracts/", login_required(list_page), {"list_key": "contracts"}, name="contracts"),
    path("contracts/new/", contract_pages.contract_new, name="new"),
    path("contracts/<int:contract_id>/", contract_pages.contract_detail, name="detail"),
    path("contracts/<int:contract_id>/edit/", contract_pages.contract_edit, name="edit"),
    path("contracts/<int:contract_id>/plan/", contract_pages.contract_plan, name="plan"),
    path("contracts/<int:contract_id>/status/", contract_pages.contract_status, name="status"),
    path("contracts/<int:contract_id>/delete/", contract_pages.contract_delete_view, name="delete"),
    path("contracts/<int:contract_id>/payments/new/", payment_pages.payment_new, name="payment_new"),
    path("contracts/<int:contract_id>/invoices/new/", payment_pages.invoice_new, name="invoice_new"),
    path("contracts/<int:contract_id>/files/", file_pages.contract_file_upload, name="file_upload"),
    path("contracts/files/<int:file_id>/", file_pages.contract_file_download, name="file_download"),
    path("contracts/files/<int:file_id>/delete/", file_pages.contract_file_remove, name="file_delete"),
    path("receivables/", login_required(list_page), {"list_key": "receivables"}, name="receivables"),
    path("payments/", login_required(list_page), {"list_key": "payments"}, name="payments"),
    path("payments/<int:payment_id>/receipt/", payment_pages.payment_receipt, name="payment_receipt"),
    path("payments/<int:payment_id>/delete/", payment_pages.payment_delete_view, name="payment_delete"),
    path("invoices/<int:invoice_id>/delete/", payment_pages.invoice_delete_view, name="invoice_delete"),
    path(
        "customers/<int:customer_id>/transactions/", payment_pages.customer_transactions, name="transactions"
    ),
]
