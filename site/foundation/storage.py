"""Where uploaded files live: images in public media, documents in private storage.

Wagtail serves documents through its own view (`/documents/<id>/<name>`), which applies the
privacy of their collection. If their files were public media, anyone who guesses
`/media/documents/pv.pdf` would get a members-only document. Every file whose name starts with
a private prefix (`documents/`) is therefore kept apart and has no public URL: `url()` raises
NotImplementedError, so Wagtail streams it through its view after the privacy check.

`is_private()` is the one rule; each backend applies it to where it stores files:

- `MediaStorage` (the default): folders. Public files under `MEDIA_ROOT` (the web server serves
  `/media/`), private ones under `PRIVATE_MEDIA_ROOT`, a folder that no URL maps to.
- `S3MediaStorage` (production when `AWS_STORAGE_BUCKET_NAME` is set, see
  `s3_media_settings()`): one bucket shared by every app server. Public files under the
  prefix `media/`, private ones under `private/`; the bucket's policy makes `media/*` alone
  readable by anyone, and where the bucket uses ACLs, private files are written with the
  `private` ACL whatever the default ACL of the public ones.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join
from storages.backends.s3 import S3Storage
from storages.utils import safe_join as safe_key_join

PRIVATE_PREFIXES = ("documents/",)


def is_private(name):
    """Whether a file name (relative to the media storage) belongs in private storage."""
    return str(name).replace("\\", "/").lstrip("/").startswith(PRIVATE_PREFIXES)


class MediaStorage(FileSystemStorage):
    """The site's default storage: public media, except the private prefixes."""

    is_private = staticmethod(is_private)

    def private_storage(self):
        return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)

    def path(self, name):
        if self.is_private(name):
            # safe_join refuses any name that would leave the folder ("../", absolute paths).
            return safe_join(self.private_storage().location, name)
        return super().path(name)

    def _save(self, name, content):
        # Opening, deleting, listing… go through path(); saving also names the file relative
        # to the storage's root, so it is handed to the private storage as a whole.
        if self.is_private(name):
            return self.private_storage()._save(name, content)
        return super()._save(name, content)

    def url(self, name):
        if self.is_private(name):
            # What storages without public URLs raise; Wagtail's document view expects it.
            raise NotImplementedError(f"{name} is private: only Wagtail's document view serves it.")
        return super().url(name)


class S3MediaStorage(S3Storage):
    """The same split on an S3-compatible bucket: `location` (public) and `private_location`.

    Every operation (open, save, exists, size, delete…) turns the name into a key through
    `_normalize_name()`, which is where private names go to their own prefix.
    """

    is_private = staticmethod(is_private)

    def __init__(self, **options):
        self.private_location = options.pop("private_location", "private").strip("/")
        super().__init__(**options)
        if not self.private_location or self.private_location == self.location:
            raise ValueError("The private prefix must be set and differ from the public one.")

    def _normalize_name(self, name):
        if self.is_private(name):
            try:  # refuses any name that would leave the prefix ("../")
                return safe_key_join(self.private_location, name)
            except ValueError as error:
                raise SuspiciousOperation(f"Attempted access to '{name}' denied.") from error
        return super()._normalize_name(name)

    def is_private_key(self, key):
        return key.startswith(f"{self.private_location}/")

    def get_object_parameters(self, name):
        # `name` is the object's key here (S3Storage passes the normalized name).
        params = super().get_object_parameters(name)
        if self.is_private_key(name):
            if self.default_acl or "ACL" in params:
                params["ACL"] = "private"
            params.pop("CacheControl", None)  # nothing private is cached on the way
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.is_private(name):
            raise NotImplementedError(f"{name} is private: only Wagtail's document view serves it.")
        return super().url(name, parameters, expire, http_method)


def s3_media_settings(environ):
    """Settings for media on S3-compatible storage, or None without AWS_STORAGE_BUCKET_NAME.

    Returns the `STORAGES["default"]` entry and the origins that serve the public media (for
    the Content-Security-Policy's img-src). Credentials are not settings: boto3 reads
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a role, a profile) from the environment.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return None
    endpoint_url = environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    region = environ.get("AWS_S3_REGION_NAME", "").strip() or None
    custom_domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip().strip("/") or None
    addressing_style = environ.get("AWS_S3_ADDRESSING_STYLE", "").strip() or None
    options = {
        "bucket_name": bucket,
        "location": environ.get("AWS_MEDIA_LOCATION", "media").strip("/"),
        "private_location": environ.get("AWS_PRIVATE_LOCATION", "private").strip("/"),
        "endpoint_url": endpoint_url,
        "region_name": region,
        "custom_domain": custom_domain,
        "addressing_style": addressing_style,
        # Public media get plain URLs (no signature that expires in cached pages).
        "querystring_auth": False,
        # Two uploads of "logo.png" must not overwrite each other (as on a folder).
        "file_overwrite": False,
        # None: the bucket's policy makes media/ public; "public-read" for providers that
        # rely on ACLs. Private files get the "private" ACL then (S3MediaStorage).
        "default_acl": environ.get("AWS_DEFAULT_ACL", "").strip() or None,
        # Renditions and images never change under one name: browsers may keep them.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    if custom_domain:
        origins = [f"https://{custom_domain}"]
    elif endpoint_url:
        endpoint = urlsplit(endpoint_url)
        # Path-style URLs (endpoint/bucket/key) or virtual-hosted ones (bucket.endpoint/key).
        origins = [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{bucket}.{endpoint.netloc}",
        ]
    else:
        origins = [f"https://{bucket}.s3.amazonaws.com"]
        if region:
            origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return {
        "storage": {"BACKEND": "coopsite.foundation.storage.S3MediaStorage", "OPTIONS": options},
        "media_origins": origins,
    }
