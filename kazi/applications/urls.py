from django.urls import path

from kazi.core.views import placeholder

app_name = "applications"
urlpatterns = [
    path("mine/", placeholder, name="mine"),
]
