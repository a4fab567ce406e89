from django.urls import path

from atrium.accounts.views import me

app_name = "accounts"

urlpatterns = [
    path("me/", me.profile, name="profile"),
    path("me/tokens/", me.tokens, name="tokens"),
]
