from django.urls import path

from . import views

app_name = "recruitment"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.agency_detail, name="agency"),
    path("<int:pk>/review/", views.review_agency, name="review_agency"),
    path("<int:pk>/report/", views.report_agency, name="report"),
    path("employers/<int:pk>/", views.employer_detail, name="employer"),
    path("employers/<int:pk>/review/", views.review_employer, name="review_employer"),
    path("reviews/mine/", views.my_reviews, name="my_reviews"),
    path("reviews/moderation/", views.moderation, name="moderation"),
    path("reviews/<str:public_id>/moderate/", views.moderate, name="moderate"),
    path("reviews/<str:public_id>/reply/", views.reply, name="reply"),
    path("lists/import/", views.import_list, name="import"),
]
