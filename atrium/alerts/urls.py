from django.urls import path

from atrium.alerts import views

app_name = "alerts"

urlpatterns = [
    path("settings/alerts/", views.alerts, name="alerts"),
    path("settings/alerts/rules/", views.rules, name="rules"),
]
