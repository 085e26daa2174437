from django.urls import path

from kazi.core.views import placeholder

app_name = "profiles"
urlpatterns = [
    path("overview/", placeholder, name="overview"),
    path("caseload/", placeholder, name="caseload"),
]
