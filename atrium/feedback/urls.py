from django.urls import path

from atrium.feedback import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.feedback_list, name="list"),
    path("feedback/new/", views.feedback_new, name="new"),
    path("feedback/<int:feedback_id>/", views.feedback_detail, name="detail"),
    path("feedback/<int:feedback_id>/screenshot", views.feedback_screenshot, name="screenshot"),
]
