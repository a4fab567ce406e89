"""Pages of customers, contacts, leads and the pool; each group of views keeps its own URL list."""

from atrium.customers.views import urls_data, urls_lists, urls_records

app_name = "customers"

urlpatterns = urls_lists.urlpatterns + urls_records.urlpatterns + urls_data.urlpatterns
