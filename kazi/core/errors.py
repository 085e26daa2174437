"""Domain errors raised by services and translated by views, the API and the CLI."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A business rule refused an action.

    ``message`` is user-facing and translatable; ``field`` names the form field it belongs
    to (or ``None`` for the whole form); ``code`` is stable for API callers.
    """

    def __init__(
        self, message: str | Promise, *, field: str | None = None, code: str = "invalid"
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class PermissionDeniedError(DomainError):
    def __init__(self, message: str | Promise, *, code: str = "forbidden") -> None:
        super().__init__(message, code=code)
