"""Uploads (members' images, Wagtail's originals and renditions, documents' files) as the hub
serves them under MEDIA_URL, in every environment.

The content type comes from the file's bytes, never its name: an image Pillow recognises as one
of the web's raster formats is served as that image; anything else is an opaque download. With
``X-Content-Type-Options: nosniff`` a browser never reads an upload as a page or a script, even
one stored before the upload pipeline re-encoded everything (or a polyglot that slipped by).
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache

from django.conf import settings
from django.utils._os import safe_join
from django.views.decorators.http import require_safe
from django.views.static import serve as serve_file
from PIL import Image, UnidentifiedImageError

# Formats an upload may be served as, as Pillow detects them: only these parsers are tried.
SERVED_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
}
OPAQUE = "application/octet-stream"
CACHE_CONTROL = "public, max-age=3600"


@lru_cache(maxsize=4096)
def _verified_type(path: str, mtime_ns: int, size: int) -> str | None:
    formats = [f for f in SERVED_FORMATS if f in Image.OPEN or f in Image.ID]
    try:
        with Image.open(path, formats=formats) as image:
            return SERVED_FORMATS.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


def verified_type(path: str) -> str | None:
    """The image type read from the file's header (None: not an image the hub serves as one).
    Remembered per file version, so a page of thumbnails opens each file once per process."""
    stat = os.stat(path)
    return _verified_type(path, stat.st_mtime_ns, stat.st_size)


@require_safe
def serve(request, path: str):
    response = serve_file(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        # The same file Django's view opened (it refuses paths that leave MEDIA_ROOT).
        full_path = safe_join(settings.MEDIA_ROOT, posixpath.normpath(path).lstrip("/"))
        content_type = verified_type(full_path)
        # Whatever the name says (".svg.gz", ".html"), the bytes decide: no encoding either.
        if "Content-Encoding" in response:
            del response["Content-Encoding"]
        if content_type is None:
            response["Content-Type"] = OPAQUE
            response["Content-Disposition"] = "attachment"
        else:
            response["Content-Type"] = content_type
        response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
