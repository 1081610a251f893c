"""Where uploaded files live: images under the public media folder, documents outside it.

Wagtail serves documents through its own view (`/documents/<id>/<name>`), which applies the
privacy of their collection. If their files sat under `MEDIA_ROOT`, the web server that serves
`/media/` would hand out a members-only document to anyone who guesses `/media/documents/pv.pdf`.
`MediaStorage` therefore keeps every file whose name starts with `documents/` under
`PRIVATE_MEDIA_ROOT`, a folder that no URL maps to, and gives those files no public URL.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join

PRIVATE_PREFIXES = ("documents/",)


class MediaStorage(FileSystemStorage):
    """The site's default storage: public media, except the private prefixes."""

    @staticmethod
    def is_private(name):
        return str(name).replace("\\", "/").lstrip("/").startswith(PRIVATE_PREFIXES)

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
