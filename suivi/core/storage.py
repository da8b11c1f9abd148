"""Where files that must never be public live (evidence, imports)."""

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage without URLs: files leave it only through views
    that check the user's access and stream them."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view.")


def private_storage() -> Storage:
    """The ``private`` storage of settings.STORAGES."""
    return storages["private"]
