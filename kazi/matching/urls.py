from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.for_you, name="for_you"),
    path("worker/<int:user_id>/", views.for_worker, name="for_worker"),
    path("candidates/<int:vacancy_id>/", views.candidates, name="candidates"),
]
