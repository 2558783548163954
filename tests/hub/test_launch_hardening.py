"""Findings of the pre-launch security review on the hub's side: /healthz, uploads, the
admin's Content-Security-Policy."""

import io
import json
import os
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection, UploadedFile

from hub import health
from tests.helpers import image_bytes


@pytest.fixture
def broker_spy(settings):
    """A broker /healthz really connects to (kombu's in-memory transport), with every
    connection it opens counted."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    with mock.patch.object(health, "Connection", wraps=health.Connection) as spy:
        yield spy


def test_two_health_probes_in_a_row_open_one_broker_connection(client, db, broker_spy):
    first = client.get("/healthz")
    second = client.get("/healthz")
    assert first.status_code == second.status_code == 200
    assert json.loads(second.content)["checks"]["broker"]["mode"] == "broker"
    assert broker_spy.call_count == 1


def test_the_readiness_report_is_made_again_once_it_has_expired(client, db, settings, broker_spy):
    settings.AGORA_HEALTH_CACHE_SECONDS = 0
    client.get("/healthz")
    client.get("/healthz")
    assert broker_spy.call_count == 2


def test_liveness_touches_no_service(client, db, broker_spy):
    with mock.patch.dict(health.CHECKS, {name: mock.Mock() for name in health.CHECKS}):
        response = client.get("/healthz?probe=live")
        assert response.status_code == 200
        assert json.loads(response.content) == {"status": "alive"}
        assert not any(check.called for check in health.CHECKS.values())
    assert broker_spy.call_count == 0


# --- images uploaded in the Wagtail admin, and every upload as it is served -------------------

SCRIPT = b"<script>alert(document.cookie)</script>"


def upload(name: str, data: bytes, content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_bytes(image) -> bytes:
    with image.file.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize(
    "name, data",
    [
        ("avatar.gif", b"GIF89a" + SCRIPT),  # a GIF header and then a page
        ("photo.png", b"\x89PNG\r\n\x1a\n" + SCRIPT),
        ("photo.jpg", image_bytes("JPEG")[:300]),  # truncated
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("page.png", b"<!doctype html><p>hello</p>" + SCRIPT),
        ("empty.png", b""),
    ],
)
def test_the_admin_refuses_what_pillow_cannot_read_with_a_form_error(admin_client, name, data):
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Hostile", "file": upload(name, data)}
    )
    assert response.status_code == 200  # the form again, not a server error
    assert response.context["form"].errors["file"]
    assert not Image.objects.exists()


def test_the_admin_keeps_only_the_re_encoded_image_of_a_polyglot(admin_client):
    polyglot = image_bytes("PNG") + SCRIPT
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Polyglot", "file": upload("team.png", polyglot)}
    )
    assert response.status_code == 302
    image = Image.objects.get()
    kept = stored_bytes(image)
    assert SCRIPT not in kept and kept != polyglot
    assert PILImage.open(io.BytesIO(kept)).format == "PNG"
    assert (image.width, image.height) == (64, 48)


def test_a_gif_becomes_a_png_whatever_follows_it(admin_client):
    gif = image_bytes("GIF") + SCRIPT
    admin_client.post(reverse("wagtailimages:add"), {"title": "Gif", "file": upload("a.gif", gif)})
    image = Image.objects.get()
    assert image.file.name.endswith(".png")
    assert SCRIPT not in stored_bytes(image)


def test_the_multiple_upload_refuses_a_broken_image_and_cleans_a_polyglot(admin_client):
    url = reverse("wagtailimages:add_multiple")
    refused = admin_client.post(url, {"files[]": upload("x.gif", b"GIF89a" + SCRIPT)})
    assert refused.status_code == 200
    assert json.loads(refused.content)["success"] is False
    assert not Image.objects.exists()

    accepted = admin_client.post(url, {"files[]": upload("y.jpg", image_bytes("JPEG") + SCRIPT)})
    assert json.loads(accepted.content)["success"] is True
    assert SCRIPT not in stored_bytes(Image.objects.get())


@pytest.mark.parametrize("field", ["title", "collection"])
def test_the_multiple_upload_keeps_no_original_when_another_field_is_refused(admin_client, field):
    """When another field is refused (a title too long, a forged collection), Wagtail keeps the
    upload aside to finish it later: the re-encoded image is what it keeps."""
    Collection.get_first_root_node().add_child(name="Press")
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": upload("z.png", image_bytes("PNG") + SCRIPT),
            **({"title": "x" * 300} if field == "title" else {"collection": "999999"}),
        },
    )
    assert json.loads(response.content)["success"] is True
    kept = UploadedFile.objects.get()
    with kept.file.open("rb") as handle:
        assert SCRIPT not in handle.read()


def test_a_large_upload_kept_in_a_temporary_file_is_cleaned_too(admin_client, settings):
    """Past FILE_UPLOAD_MAX_MEMORY_SIZE Django spools the upload to disk, and storage moves that
    file into place: it is the re-encoded image that gets moved."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    polyglot = image_bytes("PNG", size=(300, 300)) + os.urandom(3000) + SCRIPT
    admin_client.post(
        reverse("wagtailimages:add"), {"title": "Large", "file": upload("l.png", polyglot)}
    )
    assert SCRIPT not in stored_bytes(Image.objects.get())


def test_a_file_over_the_limit_is_refused_by_the_admin(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    big = image_bytes("PNG", size=(600, 600), colour=(1, 2, 3)) + os.urandom(2000)
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Big", "file": upload("big.png", big)}
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Image.objects.exists()


def test_a_decompression_bomb_is_refused_by_the_admin(admin_client):
    buffer = io.BytesIO()
    PILImage.new("1", (12000, 12000)).save(buffer, format="PNG")
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Bomb", "file": upload("b.png", buffer.getvalue())}
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_a_served_image_carries_its_verified_type_and_nosniff(admin_client, client):
    admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Team", "file": upload("team.png", image_bytes("PNG"))},
    )
    image = Image.objects.get()
    original = client.get(image.file.url)
    assert original.status_code == 200
    assert original["Content-Type"] == "image/png"
    assert original["X-Content-Type-Options"] == "nosniff"
    rendition = image.get_rendition("fill-20x20")
    served = client.get(rendition.url)
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "name, data",
    [
        ("old/avatar.png", b"<html><body>" + SCRIPT),  # named like an image, is a page
        ("old/page.html", b"<html><body>" + SCRIPT),
        ("old/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("old/archive.svg.gz", b"\x1f\x8b\x08\x00" + SCRIPT),
    ],
)
def test_an_upload_that_is_no_image_is_served_as_an_opaque_download(client, db, name, data):
    """Files stored before the pipeline (or by another path) are never read as a page."""
    default_storage.save(name, ContentFile(data))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Encoding" not in response


def test_a_jpeg_named_gif_is_served_as_a_jpeg(client, db):
    default_storage.save("old/photo.gif", ContentFile(image_bytes("JPEG")))
    response = client.get("/media/old/photo.gif")
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    "path", ["/media/../hub/settings/base.py", "/media/%2e%2e/manage.py", "/media/none.png"]
)
def test_the_media_address_serves_nothing_outside_the_uploads(client, db, path):
    assert client.get(path).status_code in (400, 404)


# --- the admin's Content-Security-Policy ------------------------------------------------------


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/images/multiple/add/", "/admin/moderation/queue/"]
)
def test_admin_pages_carry_a_policy_of_their_own(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    every_source = [source for values in policy.values() for source in values]
    assert "'unsafe-eval'" not in every_source
    # Nothing from another origin: every source is a keyword, a hash or data:/blob:.
    assert all(s.startswith("'") or s in ("data:", "blob:") for s in every_source)
    # Inline event handlers stay refused (but for one hashed no-op).
    assert "'unsafe-inline'" not in policy["script-src-attr"]


def test_the_admin_sign_in_page_carries_it_too(client, db):
    response = client.get("/admin/login/", follow=True)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_preview_may_be_framed_by_the_editor_only(home_page):
    """Wagtail's preview panel frames the page: same origin only, and the page's own strict
    policy otherwise (no inline script)."""
    response = home_page.make_preview_request()
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]


def test_public_pages_keep_the_strict_policy(client, home_page):
    policy = directives(client.get("/"))
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
