"""Private files (grievance evidence, contract documents): where they are stored and which
uploads are accepted.

Private files live under ``KAZI_PRIVATE_DIR`` (default ``var/private``), outside the static
and media roots: no URL serves them directly. Each app serves them through a view that
checks who is asking. An upload is accepted by its content (the first bytes), never by the
name or the type the browser claims.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kazi.core.errors import DomainError


class PrivateStorage(FileSystemStorage):
    """File storage under ``settings.KAZI_PRIVATE_DIR``, read at each use (not once when the
    models load), with no public URL."""

    @property
    def base_location(self) -> str:
        return str(settings.KAZI_PRIVATE_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public address; serve them through a view.")


_PRIVATE = PrivateStorage()


def private_storage() -> FileSystemStorage:
    """The storage of private files (a callable, so that migrations do not record a path)."""
    return _PRIVATE


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", "pdf", "PDF")
JPEG = FileKind("image/jpeg", "jpg", "JPEG")
PNG = FileKind("image/png", "png", "PNG")
WEBP = FileKind("image/webp", "webp", "WebP")
MP3 = FileKind("audio/mpeg", "mp3", "MP3")
OGG = FileKind("audio/ogg", "ogg", "OGG")
M4A = FileKind("audio/mp4", "m4a", "M4A")

DOCUMENT_KINDS = (PDF, JPEG, PNG, WEBP)
EVIDENCE_KINDS = (PDF, JPEG, PNG, WEBP, MP3, OGG, M4A)


def sniff(head: bytes) -> FileKind | None:
    """The kind of a file from its first bytes, or None when it is none of ours."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return MP3
    if head.startswith(b"OggS"):
        return OGG
    if head[4:8] == b"ftyp":  # an MPEG-4 container: a phone's voice recording
        return M4A
    return None


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    size: int
    sha256: str


def check_upload(
    file: IO[bytes], *, kinds: tuple[FileKind, ...], max_bytes: int, field: str
) -> CheckedUpload:
    """Refuse a file that is empty, too large or not of one of ``kinds``; else return its
    kind, size and SHA-256 (the file is rewound for saving)."""
    file.seek(0)
    head = file.read(16)
    if not head:
        raise DomainError(_("The file is empty."), field=field, code="empty_file")
    digest = hashlib.sha256(head)
    size = len(head)
    while chunk := file.read(1 << 16):
        size += len(chunk)
        if size > max_bytes:
            raise DomainError(
                _("The file is too large: the limit is %(size)s.")
                % {"size": filesizeformat(max_bytes)},
                field=field,
                code="file_too_large",
            )
        digest.update(chunk)
    if size > max_bytes:
        raise DomainError(
            _("The file is too large: the limit is %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            field=field,
            code="file_too_large",
        )
    kind = sniff(head)
    if kind is None or kind not in kinds:
        raise DomainError(
            _("This type of file is not accepted. Accepted types: %(types)s.")
            % {"types": ", ".join(k.label for k in kinds)},
            field=field,
            code="file_type",
        )
    file.seek(0)
    return CheckedUpload(kind=kind, size=size, sha256=digest.hexdigest())
