from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("apply/<int:vacancy_id>/", views.apply, name="apply"),
    path("apply/<int:vacancy_id>/for/<int:user_id>/", views.apply_for, name="apply_for"),
    path("vacancy/<int:vacancy_id>/", views.for_vacancy, name="for_vacancy"),
    path("<int:pk>/", views.detail, name="detail"),
]
