"""Wagtail's images go through the hub's upload pipeline (hub/uploads.py), like members' images.

``WAGTAILIMAGES_IMAGE_FORM_BASE`` names ``ImageForm``: every admin form that takes an image file
(add, edit, the multiple upload, the chooser's upload) checks it with Pillow and keeps only the
re-encoded image. A file Pillow cannot read is a form error, not a server error; a valid image
loses whatever rode along with it (a script after the pixels, metadata).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.forms.fields import FileField
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .uploads import CleanImage, clean_image

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def replace_upload(upload, image: CleanImage) -> None:
    """Put the re-encoded image in place of the uploaded bytes, in the upload itself.

    The upload object is the one in ``request.FILES``, and Wagtail reads it from there too: the
    multiple upload keeps the file as it came when another field of the form is invalid, and
    finishes the image from that copy later. Rewriting the file (in memory, or the temporary
    file of a large upload) means no code path ever sees the original bytes again.
    """
    data = image.content.read()
    upload.file.seek(0)
    upload.file.truncate()
    upload.file.write(data)
    upload.file.flush()
    upload.file.seek(0)
    upload.size = len(data)
    upload.content_type = CONTENT_TYPES[image.format]
    stem = Path(upload.name or "").stem or "image"
    upload.name = f"{stem}.{image.content.name.rsplit('.', 1)[-1]}"


class VerifiedImageField(WagtailImageField):
    """Wagtail's image field, fed the upload only once Pillow has read and re-encoded it."""

    def to_python(self, data):
        upload = FileField.to_python(self, data)
        if upload is None:
            return None
        image = clean_image(
            upload,
            max_bytes=self.max_upload_size or settings.AGORA_UPLOAD_MAX_BYTES,
            max_pixels=self.max_image_pixels or settings.AGORA_UPLOAD_MAX_PIXELS,
        )
        replace_upload(upload, image)
        # Wagtail's own checks (extension, size, pixels) now look at the clean image.
        return super().to_python(upload)


class ImageForm(BaseImageForm):
    """The base of every Wagtail image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the file field itself (formfield_callback), and the multiple upload's
        # edit form leaves it out, so the field is swapped here rather than declared.
        field = self.fields.get("file")
        if field is not None and not isinstance(field, VerifiedImageField):
            self.fields["file"] = VerifiedImageField(
                label=field.label,
                required=field.required,
                widget=field.widget,
                max_length=field.max_length,
            )
