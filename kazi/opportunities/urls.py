from django.urls import path

from . import views

app_name = "opportunities"
urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("mine/", views.my_vacancies, name="mine"),
    path("create/", views.vacancy_create, name="create"),
    path("moderation/", views.moderation, name="moderation"),
    path("occupations/suggest/", views.occupation_suggest, name="occupation_suggest"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("<int:pk>/skills/", views.vacancy_skills, name="skills"),
    path("<int:pk>/submit/", views.vacancy_submit, name="submit"),
    path("<int:pk>/withdraw/", views.vacancy_withdraw, name="withdraw"),
    path("<int:pk>/publish/", views.vacancy_publish, name="publish"),
    path("<int:pk>/reject/", views.vacancy_reject, name="reject"),
    path("training/<int:pk>/", views.training_detail, name="training_detail"),
]
