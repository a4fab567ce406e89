from django.urls import URLPattern

app_name = "fields"

urlpatterns: list[URLPattern] = []
