from django.urls import path

from kazi.core.views import placeholder

app_name = "accounts"
urlpatterns = [
    path("login/", placeholder, name="login"),
    path("signup/", placeholder, name="signup"),
    path("logout/", placeholder, name="logout"),
    path("settings/", placeholder, name="settings"),
]
