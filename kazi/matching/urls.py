from django.urls import path

from kazi.core.views import placeholder

app_name = "matching"
urlpatterns = [
    path("for_you/", placeholder, name="for_you"),
]
