from django.urls import path

from atrium.help import views

app_name = "help"

urlpatterns = [
    path("help/", views.help_index, name="index"),
    path("help/<slug:topic>/", views.help_topic, name="topic"),
]
