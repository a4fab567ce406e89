"""Search registrations of customers, contacts and leads (global search box and the lists' free-text filter).

Services call ``atrium.core.search.reindex(kind, ids)`` after every create/update and ``unindex`` on delete or
archive; a contact's entry holds its customer's name, so reindexing a customer redoes its contacts.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atrium.core.search import SearchSpec, register_search

CUSTOMER_SEARCH = register_search(
    SearchSpec(
        kind="customer",
        model="customers.Customer",
        label=_("Customers"),
        fields=("name", "short_name", "phone", "email", "region", "address", "tags"),
        title="name",
        subtitle=("phone", "region"),
        url_name="customers:detail",
        list_url_name="customers:list",
        indexed=Q(is_archived=False),
        phones=("phone",),
        pinyin=("name",),
        custom=True,
    )
)
CONTACT_SEARCH = register_search(
    SearchSpec(
        kind="contact",
        model="customers.Contact",
        label=_("Contacts"),
        fields=("name", "mobile", "phone", "email", "wechat", "customer__name"),
        title="name",
        subtitle=("customer__name", "mobile"),
        url_name="customers:contact_detail",
        list_url_name="customers:contacts",
        follows={"customer": "customer"},
        phones=("mobile", "phone"),
        pinyin=("name",),
        custom=True,
    )
)
LEAD_SEARCH = register_search(
    SearchSpec(
        kind="lead",
        model="customers.Lead",
        label=_("Leads"),
        fields=("name", "company", "phone", "email", "address"),
        title="name",
        subtitle=("company", "phone"),
        url_name="customers:lead_detail",
        list_url_name="customers:leads",
        phones=("phone",),
        pinyin=("name",),
        custom=True,
    )
)
