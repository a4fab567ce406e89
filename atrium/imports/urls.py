from django.urls import path

from atrium.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.my_imports, name="mine"),
    path("new/", views.new_import, name="new"),
    path("template/", views.template_download, name="template"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/report.csv", views.job_report, name="report"),
]
