from django.urls import path

from atrium.company import views

app_name = "company"

urlpatterns = [
    path("settings/company/", views.company_settings, name="settings"),
    path("settings/company/logo/", views.company_logo, name="logo"),
    path("settings/company/seal/", views.company_seal, name="seal"),
]
