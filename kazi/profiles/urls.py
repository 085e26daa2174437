from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import path, register_converter

from . import views
from .constants import PROFILE_STEPS


class StepConverter:
    regex = "|".join(PROFILE_STEPS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(StepConverter, "step")

app_name = "profiles"

# The same pages for a worker ("…") and for a counsellor acting for a worker ("<id>/…").
_item_pages: list[tuple[str, Callable[..., HttpResponse], str]] = [
    ("<step:step>/", views.step, "step"),
    ("experience/<int:pk>/", views.experience_edit, "experience_edit"),
    ("experience/<int:pk>/delete/", views.experience_delete, "experience_delete"),
    ("experience/<int:pk>/dismiss/", views.suggestion_dismiss, "suggestion_dismiss"),
    ("education/<int:pk>/delete/", views.education_delete, "education_delete"),
    ("skills/add/", views.skill_add, "skill_add"),
    ("skills/<int:skill_id>/remove/", views.skill_remove, "skill_remove"),
    ("skills/<int:skill_id>/level/", views.skill_level, "skill_level"),
    ("occupations/add/", views.occupation_add, "occupation_add"),
    ("occupations/<int:occupation_id>/remove/", views.occupation_remove, "occupation_remove"),
]

urlpatterns = [
    path("", views.overview),
    path("overview/", views.overview, name="overview"),
    path("cv/", views.cv, name="cv"),
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/register/", views.register_worker, name="register_worker"),
    path("<int:user_id>/", views.overview, name="worker"),
    path("<int:user_id>/cv/", views.cv, name="worker_cv"),
    path("<int:user_id>/side-by-side/", views.side_by_side, name="side_by_side"),
    path("<int:user_id>/notes/", views.add_note, name="add_note"),
    *(path(route, view, name=name) for route, view, name in _item_pages),
    *(
        path(f"<int:user_id>/{route}", view, name=f"worker_{name}")
        for route, view, name in _item_pages
    ),
]
