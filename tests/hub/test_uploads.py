import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hub.uploads import clean_image
from tests.helpers import image_bytes


def upload(data: bytes, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # camera make
    gps = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_a_png_is_accepted_and_re_encoded():
    result = clean_image(upload(image_bytes("PNG")))
    assert result.format == "PNG"
    assert Image.open(io.BytesIO(result.content.read())).size == (64, 48)


def test_the_type_comes_from_the_content_not_the_name():
    with pytest.raises(ValidationError) as error:
        clean_image(upload(b"<?php system($_GET['c']); ?>", name="avatar.png"))
    assert error.value.code == "invalid_image"
    # A real JPEG with a misleading name is recognised as what it is.
    assert clean_image(upload(image_bytes("JPEG"), name="avatar.gif")).format == "JPEG"


def test_svg_and_html_are_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    with pytest.raises(ValidationError):
        clean_image(upload(svg, name="a.svg", content_type="image/svg+xml"))


def test_gps_and_camera_metadata_are_stripped():
    result = clean_image(upload(jpeg_with_gps(), name="holiday.jpg", content_type="image/jpeg"))
    reopened = Image.open(io.BytesIO(result.content.read()))
    assert dict(reopened.getexif()) == {}
    assert b"SpyCam" not in result.content.read()


def test_bytes_appended_after_the_image_are_dropped():
    polyglot = image_bytes("PNG") + b"<script>alert(1)</script>"
    result = clean_image(upload(polyglot))
    result.content.seek(0)
    assert b"<script>" not in result.content.read()


def test_a_file_over_the_size_limit_is_refused_with_the_limit_in_the_message():
    with pytest.raises(ValidationError) as error:
        clean_image(upload(image_bytes("PNG")), max_bytes=100)
    assert error.value.code == "too_large"
    assert "100" in error.value.messages[0]


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, format="PNG")  # 144 Mpx in a few kB
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ValidationError) as error:
        clean_image(upload(buffer.getvalue()))
    assert error.value.code == "too_many_pixels"


def test_an_empty_or_truncated_file_gets_a_clear_error():
    with pytest.raises(ValidationError):
        clean_image(upload(b""))
    with pytest.raises(ValidationError) as error:
        clean_image(upload(image_bytes("JPEG")[:200], name="x.jpg"))
    assert error.value.code == "invalid_image"


def test_avatars_are_cropped_square_and_scaled_down():
    result = clean_image(upload(image_bytes("PNG", size=(900, 300))), square=True, max_side=256)
    assert (result.width, result.height) == (256, 256)


def test_animated_gif_keeps_its_first_frame_as_png():
    frames = [Image.new("RGB", (20, 20), c) for c in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    result = clean_image(upload(buffer.getvalue(), name="a.gif", content_type="image/gif"))
    assert result.format == "PNG"
