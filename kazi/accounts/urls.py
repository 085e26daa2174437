from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("signup/", views.signup, name="signup"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("settings/", views.account_settings, name="settings"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/forgot/", views.password_reset_request, name="password_reset"),
    path("password/sent/", views.password_reset_sent, name="password_reset_sent"),
    # Short on purpose: this link travels by SMS.
    path(
        "r/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/done/", views.password_reset_complete, name="password_reset_complete"),
    path("who-looked/", views.audit_log, name="audit"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
]
