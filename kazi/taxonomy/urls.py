from django.urls import path

from . import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.search, name="search"),
    path("occupations/<int:pk>/", views.occupation, name="occupation"),
    path("skills/<int:pk>/", views.skill, name="skill"),
]
