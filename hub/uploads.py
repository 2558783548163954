"""The one pipeline every member image goes through (avatars now, post images later).

The file's type is read from its content, never its name; the pixel count is checked before
the image is decoded, so decompression bombs are refused cheaply; the image is re-encoded with
Pillow, which drops every piece of metadata (EXIF, GPS, XMP, ICC comments) and any payload
appended to the file.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats a member may upload, as Pillow detects them from the bytes, and what each becomes.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int
    format: str


def clean_image(
    upload,
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    max_side: int | None = None,
    square: bool = False,
) -> CleanImage:
    """Check and re-encode an uploaded image, or raise ValidationError with a clear reason."""
    max_bytes = max_bytes or settings.AGORA_UPLOAD_MAX_BYTES
    max_pixels = max_pixels or settings.AGORA_UPLOAD_MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("This file is larger than %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(max_bytes)},
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            source_format = image.format
            if source_format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("This file is not a JPEG, PNG, GIF or WebP image."), code="invalid_type"
                )
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("This image is %(w)s×%(h)s pixels; the limit is %(limit)s million pixels."),
                    code="too_many_pixels",
                    params={"w": width, "h": height, "limit": max_pixels // 1_000_000},
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image is too large to process."), code="too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not a JPEG, PNG, GIF or WebP image, or it is damaged."),
            code="invalid_image",
        ) from error

    # Animated images keep their first frame only; orientation from EXIF is applied, then lost.
    image.seek(0)
    image = ImageOps.exif_transpose(image)
    target = ACCEPTED_FORMATS[source_format]
    if target == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    if square:
        side = min(image.size)
        image = ImageOps.fit(image, (side, side))
    if max_side and max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)

    # A fresh image carries none of the source's metadata.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    save_options = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}}
    clean.save(out, format=target, **save_options.get(target, {"quality": 85}))
    name = f"{uuid.uuid4().hex}.{EXTENSIONS[target]}"
    return CleanImage(ContentFile(out.getvalue(), name=name), clean.width, clean.height, target)


class CleanImageField(forms.FileField):
    """A form field that hands the form a re-encoded ContentFile, ready to save."""

    default_error_messages = {"invalid": _("Upload a valid image.")}

    def __init__(self, *, max_side: int | None = None, square: bool = False, **kwargs):
        self.max_side = max_side
        self.square = square
        kwargs.setdefault(
            "widget", forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value in (None, False) or value is initial:
            return value
        return clean_image(value, max_side=self.max_side, square=self.square).content


def stored_name(folder: str, filename: str) -> str:
    """Where an upload is stored: a random name in ``folder``. The name never comes from the
    member; only the extension the pipeline chose is kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"
