from django.urls import path

from atrium.fields import choice_views, views

app_name = "fields"

urlpatterns = [
    path("settings/fields/", views.field_list, name="list"),
    path("settings/fields/<int:field_id>/", views.field_detail, name="detail"),
    path("settings/fields/<int:field_id>/retire", views.field_retire_view, name="retire"),
    path("settings/fields/<int:field_id>/restore", views.field_restore_view, name="restore"),
    path("settings/fields/<int:field_id>/delete", views.field_delete_view, name="delete"),
    path("settings/choice-lists/", choice_views.choice_lists_page, name="choice_lists"),
    path("settings/choice-lists/<str:choice_list>/", choice_views.choice_list_page, name="choice_list"),
    path(
        "settings/choice-lists/<str:choice_list>/merge/", choice_views.choice_merge_page, name="choice_merge"
    ),
]
