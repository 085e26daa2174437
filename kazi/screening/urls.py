from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.start, name="start"),
    path("questions/", views.questions, name="questions"),
    path("result/", views.result, name="result"),
    path("save/", views.save, name="save"),
    path("report/", views.report, name="report"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("worker/<int:worker_id>/", views.for_worker, name="for_worker"),
    path("audio/<str:language>/<slug:question_id>.wav", views.audio_file, name="audio"),
]
