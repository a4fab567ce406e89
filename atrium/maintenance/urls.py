from django.urls import path

from atrium.maintenance import views

app_name = "maintenance"

urlpatterns = [
    path("settings/backups/", views.backups, name="backups"),
    path("settings/backups/download/", views.backup_download_fresh, name="backup_download"),
    path("settings/backups/files/<str:backup_name>", views.backup_download_stored, name="backup_file"),
    path("settings/status/", views.status, name="status"),
    path("settings/status/test-email/", views.status_test_email, name="status_test_email"),
]
