"""`open_storage(settings)`: the storage the settings name, local or S3."""

from __future__ import annotations

from diapo.service.settings import Settings
from diapo.service.storage import LocalStorage, Storage

__all__ = ["open_storage"]


def open_storage(settings: Settings) -> Storage:
    """S3 for `storage_url=s3://...` (boto3 imported only then), else the local directory."""
    if settings.storage_url:
        from diapo.service.s3storage import S3Storage

        return S3Storage.from_settings(settings)
    return LocalStorage(settings.files_dir)
