from django.contrib import admin
from django.urls import include, path

from kazi.api import api
from kazi.core import views as core_views

urlpatterns = [
    path("", include("kazi.core.urls")),
    path("accounts/", include("kazi.accounts.urls")),
    path("taxonomy/", include("kazi.taxonomy.urls")),
    path("profile/", include("kazi.profiles.urls")),
    path("opportunities/", include("kazi.opportunities.urls")),
    path("for-you/", include("kazi.matching.urls")),
    path("applications/", include("kazi.applications.urls")),
    path("analytics/", include("kazi.analytics.urls")),
    path("agencies/", include("kazi.recruitment.urls")),
    path("contracts/", include("kazi.contracts.urls")),
    path("grievances/", include("kazi.grievances.urls")),
    path("screening/", include("kazi.screening.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
