from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("new/for/<int:user_id>/", views.new_for, name="new_for"),
    path("worker/<int:user_id>/", views.for_worker, name="for_worker"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/versions/new/", views.add_version, name="add_version"),
    path("<int:pk>/versions/<int:number>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/versions/<int:number>/document/", views.document, name="document"),
    path("<int:pk>/versions/<int:number>/terms.json", views.terms_file, name="terms_file"),
    path("<int:pk>/versions/<int:number>/report/", views.report, name="report"),
    path("verify/", views.verify, name="verify"),
    path("ledger/head", views.ledger_head, name="ledger_head"),
    path("ledger/chain.jsonl", views.ledger_chain, name="ledger_chain"),
]
