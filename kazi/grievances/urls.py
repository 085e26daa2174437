from django.urls import path

from . import views

app_name = "grievances"
urlpatterns = [
    # The worker's side (no sign-in needed).
    path("new/", views.file_grievance, name="file"),
    path("follow/", views.follow, name="follow"),
    path("case/<str:code>/", views.case, name="case"),
    path("case/<str:code>/forget/", views.forget, name="forget"),
    path("case/<str:code>/files/<int:evidence_id>/", views.worker_file, name="case_file"),
    path("mine/", views.mine, name="mine"),
    # Caseworkers and partner organisations.
    path("queue/", views.queue, name="queue"),
    path("manage/<int:pk>/", views.manage, name="manage"),
    path("manage/<int:pk>/files/<int:evidence_id>/", views.staff_file, name="manage_file"),
    path("manage/<int:pk>/<slug:action>/", views.manage_action, name="manage_action"),
    # Analysts.
    path("figures/", views.stats, name="stats"),
    path("figures.csv", views.stats_csv, name="stats_csv"),
]
