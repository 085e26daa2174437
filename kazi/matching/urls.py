from django.urls import path

from . import alert_views, override_views, views

app_name = "matching"
urlpatterns = [
    path("", views.for_you, name="for_you"),
    path("worker/<int:user_id>/", views.for_worker, name="for_worker"),
    path("candidates/<int:vacancy_id>/", views.candidates, name="candidates"),
    path("worker/<int:user_id>/override/", override_views.set_override, name="set_override"),
    path("overrides/<int:override_id>/lift/", override_views.lift_override, name="lift_override"),
    path("overrides/", override_views.override_log, name="override_log"),
    path("alerts/", alert_views.alerts, name="alerts"),
    path("alerts/read/", alert_views.mark_all_read, name="alerts_read"),
]
