from django.urls import URLPattern

app_name = "maintenance"

urlpatterns: list[URLPattern] = []
