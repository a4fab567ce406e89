from django.urls import include, path
from django.views.generic import RedirectView

from atrium.api import api
from atrium.web import search as web_search
from atrium.web import settings_page
from atrium.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("search/", web_search.search_page, name="search"),
    path("settings/", settings_page.settings_page, name="settings"),
    # The address is edited on "my account" (one address per person); allauth's own page, which would
    # add more addresses, only sends people there.
    path("accounts/email/", RedirectView.as_view(pattern_name="accounts:profile"), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("atrium.accounts.urls")),
    path("notifications/", include("atrium.notifications.urls")),
    path("lists/", include("atrium.lists.urls")),
    path("", include("atrium.customers.urls")),
    path("", include("atrium.sales.urls")),
    path("", include("atrium.contracts.urls")),
    path("imports/", include("atrium.imports.urls")),
    path("", include("atrium.fields.urls")),
    path("", include("atrium.alerts.urls")),
    path("", include("atrium.feedback.urls")),
    path("", include("atrium.company.urls")),
    path("", include("atrium.notifications.settings_urls")),
    path("", include("atrium.maintenance.urls")),
    path("", include("atrium.help.urls")),
]

# Django's own refusals and crashes get the same styled pages as a view's (core.refusal_pages).
handler400 = "atrium.core.refusal_pages.bad_request"
handler403 = "atrium.core.refusal_pages.permission_denied"
handler404 = "atrium.core.refusal_pages.page_not_found"
handler500 = "atrium.core.refusal_pages.server_error"
