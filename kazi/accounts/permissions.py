"""Role checks for views of every app.

``@role_required(Role.EMPLOYER)`` on a function view, or ``RoleRequiredMixin`` with
``allowed_roles`` on a class-based view: anonymous visitors are sent to the sign-in page
(with ``next``), signed-in people with another role get a translated 403 page.
Administrators pass wherever moderators do (as ``User.is_moderator`` says).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .constants import Role
from .models import Organisation, User

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def has_role(user: object, *roles: str) -> bool:
    """True if ``user`` is signed in and has one of ``roles``."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.role in roles:
        return True
    return Role.MODERATOR in roles and (user.role == Role.ADMINISTRATOR or user.is_superuser)


def forbidden(request: HttpRequest) -> HttpResponse:
    """The translated "not for your role" page (HTTP 403)."""
    return render(request, "accounts/forbidden.html", status=403)


def role_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    if not roles:
        raise ValueError("role_required needs at least one role")
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return cast(ViewFunc, wrapped)

    return decorator


class RoleRequiredMixin:
    """For class-based views: set ``allowed_roles = (Role.EMPLOYER,)``."""

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, *self.allowed_roles):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def organisations_of(user: object) -> QuerySet[Organisation]:
    """The organisations ``user`` is a member of (none for anonymous visitors)."""
    if not isinstance(user, User):
        return Organisation.objects.none()
    return Organisation.objects.filter(members=user).order_by("name", "pk")


def signed_in_user(request: HttpRequest) -> User:
    """``request.user`` as a ``User`` (for views already behind ``login_required``)."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("this view needs a signed-in user")
    return user
