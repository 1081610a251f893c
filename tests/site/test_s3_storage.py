"""Media on S3-compatible storage (AWS_STORAGE_BUCKET_NAME): the same public/private split.

The bucket is moto's, in memory: no network. Images and renditions are public under `media/`
with URLs on the bucket (or the custom domain); documents go under `private/`, have no URL and
reach visitors only through Wagtail's document view, after the privacy check.
"""

import io
import json
import os
import subprocess
import sys

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from moto import mock_aws
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from coopsite.foundation.storage import S3MediaStorage, s3_media_settings
from governance.models import MemberPage
from tests.factories import build_governance

pytestmark = pytest.mark.django_db

BUCKET = "coop-medias"
REGION = "eu-west-3"


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGBA", (400, 200), (200, 40, 40, 0)).save(buffer, "PNG")
    return buffer


def _environ(**extra):
    return {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_REGION_NAME": REGION, **extra}


@pytest.fixture
def bucket(monkeypatch):
    for name in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        yield client


def _use_s3(settings, **extra):
    media = s3_media_settings(_environ(**extra))
    settings.STORAGES = {**settings.STORAGES, "default": media["storage"]}
    return media


def _keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_without_a_bucket_media_stay_in_folders():
    assert s3_media_settings({}) is None
    assert s3_media_settings({"AWS_STORAGE_BUCKET_NAME": " "}) is None
    assert (
        django_settings.STORAGES["default"]["BACKEND"] == "coopsite.foundation.storage.MediaStorage"
    )


def test_images_and_renditions_are_public_under_media(tree, bucket, settings, member_client):
    media = _use_s3(settings)
    image = Image.objects.create(title="Logo", file=ImageFile(_png(), name="logo.png"))
    assert isinstance(default_storage._wrapped, S3MediaStorage)  # STORAGES took effect
    assert image.file.name.startswith("original_images/logo")
    assert f"media/{image.file.name}" in _keys(bucket)
    url = image.file.url
    assert url.startswith(
        tuple(f"{origin}/media/original_images/" for origin in media["media_origins"])
    )
    assert "Signature" not in url and "X-Amz" not in url  # plain public URLs

    # The member page's <picture>: its renditions are in the bucket, in their formats.
    governance = build_governance(tree, members_per_college=1)
    member = governance.members[0]
    MemberPage.objects.filter(pk=member.pk).update(logo=image)
    html = member_client.get(member.url).content.decode()
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    renditions = {r.filter_spec: r for r in image.renditions.all()}
    avif = renditions["format-avif|max-160x160"]
    assert avif.url in html and avif.url.startswith(media["media_origins"][0])
    key = f"media/{avif.file.name}"
    assert key in _keys(bucket)
    body = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert PILImage.open(io.BytesIO(body)).format == "AVIF"
    head = bucket.head_object(Bucket=BUCKET, Key=key)
    assert head["ContentType"] == "image/avif"
    assert "immutable" in head["CacheControl"]
    assert not any(key.startswith("private/") for key in _keys(bucket))


def test_custom_domain_gives_the_image_urls(tree, bucket, settings):
    media = _use_s3(settings, AWS_S3_CUSTOM_DOMAIN="medias.coop.example")
    assert media["media_origins"] == ["https://medias.coop.example"]
    image = Image.objects.create(title="Logo", file=ImageFile(_png(), name="logo.png"))
    assert image.file.url == f"https://medias.coop.example/media/{image.file.name}"


def test_two_uploads_with_one_name_do_not_overwrite_each_other(tree, bucket, settings):
    _use_s3(settings)
    first = Image.objects.create(title="A", file=ImageFile(_png(), name="logo.png"))
    second = Image.objects.create(title="B", file=ImageFile(_png(), name="logo.png"))
    assert first.file.name != second.file.name
    assert {f"media/{first.file.name}", f"media/{second.file.name}"} <= set(_keys(bucket))


def _document(collection_name, content=b"%PDF-1.4 proces-verbal confidentiel"):
    return Document.objects.create(
        title="Procès-verbal",
        file=ContentFile(content, name="proces-verbal.pdf"),
        collection=Collection.objects.get(name=collection_name)
        if collection_name
        else Collection.get_first_root_node(),
    )


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_documents_are_private_and_served_only_through_the_view(
    tree, bucket, settings, anonymous_client, member_client
):
    # Even with a public default ACL (providers that use ACLs), documents are written private.
    _use_s3(settings, AWS_DEFAULT_ACL="public-read")
    members_only = _document("Espace sociétaires")
    public = _document(None, b"%PDF-1.4 statuts publics")
    for document in (members_only, public):
        key = f"private/{document.file.name}"
        assert document.file.name.startswith("documents/")
        assert key in _keys(bucket)
        assert f"media/{document.file.name}" not in _keys(bucket)
        grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert not any("AllUsers" in grant["Grantee"].get("URI", "") for grant in grants)
        with pytest.raises(NotImplementedError):
            document.file.url  # noqa: B018
    image = Image.objects.create(title="Logo", file=ImageFile(_png(), name="logo.png"))
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=f"media/{image.file.name}")["Grants"]
    assert any("AllUsers" in grant["Grantee"].get("URI", "") for grant in grants)

    # A public collection: anyone gets it, streamed by Wagtail's view from the bucket.
    response = anonymous_client.get(public.url)
    assert public.url.startswith("/documents/")
    assert response.status_code == 200
    assert _content(response) == b"%PDF-1.4 statuts publics"
    # A private collection: refused to anonymous visitors, given to members.
    refused = anonymous_client.get(members_only.url)
    assert refused.status_code in (302, 403)
    assert b"confidentiel" not in _content(refused)
    allowed = member_client.get(members_only.url)
    assert allowed.status_code == 200
    assert _content(allowed) == b"%PDF-1.4 proces-verbal confidentiel"


def test_private_names_cannot_leave_their_prefix(bucket):
    storage = S3MediaStorage(**s3_media_settings(_environ())["storage"]["OPTIONS"])
    assert storage._normalize_name("documents/pv.pdf") == "private/documents/pv.pdf"
    assert storage._normalize_name("images/logo.png") == "media/images/logo.png"
    with pytest.raises(SuspiciousOperation):
        storage._normalize_name("../private/documents/pv.pdf")
    with pytest.raises(ValueError, match="private prefix"):
        S3MediaStorage(bucket_name=BUCKET, location="media", private_location="media")


@pytest.mark.parametrize(
    ("extra", "origins"),
    [
        ({}, [f"https://{BUCKET}.s3.amazonaws.com", f"https://{BUCKET}.s3.{REGION}.amazonaws.com"]),
        (
            {"AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud"},
            ["https://s3.fr-par.scw.cloud", f"https://{BUCKET}.s3.fr-par.scw.cloud"],
        ),
        ({"AWS_S3_CUSTOM_DOMAIN": "medias.coop.example"}, ["https://medias.coop.example"]),
    ],
)
def test_image_urls_are_allowed_by_the_content_security_policy(bucket, extra, origins):
    media = s3_media_settings(_environ(**extra))
    assert media["media_origins"] == origins
    storage = S3MediaStorage(**media["storage"]["OPTIONS"])
    url = storage.url("images/logo.png")
    assert url.startswith(tuple(f"{origin}/" for origin in origins)), url


def test_production_settings_put_media_on_s3_and_allow_them_in_the_csp():
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps([s.STORAGES['default'], "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "s.ADMIN_CONTENT_SECURITY_POLICY['img-src']]))"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="coopsite.settings.production",
        SECRET_KEY="k" * 20 + "Zq8#vL2!pT9@wX4$" * 3,
        ALLOWED_HOSTS="intranet.example",
        DATABASE_URL="sqlite:///unused.sqlite3",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        AWS_S3_REGION_NAME="fr-par",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    storage, img_src, admin_img_src = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "coopsite.foundation.storage.S3MediaStorage"
    assert storage["OPTIONS"]["location"] == "media"
    assert storage["OPTIONS"]["private_location"] == "private"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    for sources in (img_src, admin_img_src):
        assert "'self'" in sources
        assert f"https://{BUCKET}.s3.fr-par.scw.cloud" in sources
