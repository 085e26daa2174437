from django.urls import path, re_path

from . import views

app_name = "analytics"
urlpatterns = [
    path("fairness/", views.fairness, name="fairness"),
    path("fairness/run/", views.fairness_run, name="fairness_run"),
    re_path(
        r"^fairness/reports/fairness-(?P<day>\d{4}-\d{2}-\d{2})\.(?P<fmt>json|html)$",
        views.fairness_report,
        name="fairness_report",
    ),
    path("fairness/about-me/", views.my_facts, name="my_facts"),
]
