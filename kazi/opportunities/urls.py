from django.urls import path

from kazi.core.views import placeholder

app_name = "opportunities"
urlpatterns = [
    path("mine/", placeholder, name="mine"),
    path("create/", placeholder, name="create"),
    path("moderation/", placeholder, name="moderation"),
    path("list/", placeholder, name="list"),
]
