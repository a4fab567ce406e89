from django.urls import path

from atrium.notifications import settings_views

app_name = "notification_settings"

urlpatterns = [
    path("settings/notifications/", settings_views.notification_settings_page, name="edit"),
]
