"""client.uploads (create, complete, cancel) and client.uploads.parts
(create): a large file in parts, as the SDK does it. files.create does all of
it for you above 128 MiB, in parallel parts."""

from __future__ import annotations

import os
from collections.abc import Sequence
from ctypes import byref, c_char_p
from typing import IO, Any, Union

from .. import _convert, _ffi
from .. import _types as t
from .._convert import encode
from .._errors import InvalidArgumentError
from .._legacy import _id
from .._protocols import ClientProtocol
from .._fetch import fetch
from ._base import ExtraBody, ExtraHeaders, ExtraQuery, SyncAPIResource
from ._base import to_raw_response_wrapper as _raw
from .files import ExpiresAfter

PartData = Union[bytes, IO[bytes], "os.PathLike[str]", str]


def _upload(client: ClientProtocol, fn: Any, *args: Any) -> t.Upload:
    lib = client.lib

    def convert(u: _ffi.Upload) -> t.Upload:
        return _convert.upload(u, lib.oft_upload_status_str)

    return fetch(client, fn, _ffi.Upload, lib.oft_upload_free, convert, *args)


class Parts(SyncAPIResource):
    @property
    def with_raw_response(self) -> PartsWithRawResponse:
        return PartsWithRawResponse(self)

    def create(
        self,
        upload_id: str,
        *,
        data: PartData,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.UploadPart:
        """Adds a part (up to 64 MiB): bytes, a binary file object, or a path."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            if isinstance(data, (str, os.PathLike)):
                with open(data, "rb") as f:
                    raw = f.read()
            elif isinstance(data, (bytes, bytearray, memoryview)):
                raw = bytes(data)
            elif hasattr(data, "read"):
                raw = data.read()
            else:
                raise InvalidArgumentError(
                    f"data: expected bytes, a binary file object or a path, got {type(data).__name__}")
            lib = client.lib
            return fetch(client, lib.oft_upload_add_part_buffer, _ffi.UploadPart,
                         lib.oft_upload_part_free, _convert.upload_part, _id("upload_id", upload_id),
                         raw, len(raw))


class Uploads(SyncAPIResource):
    def __init__(self, client: ClientProtocol) -> None:
        super().__init__(client)
        self.parts = Parts(client)

    @property
    def with_raw_response(self) -> UploadsWithRawResponse:
        return UploadsWithRawResponse(self)

    def create(
        self,
        *,
        bytes: int,
        filename: str,
        mime_type: str,
        purpose: t.FilePurpose | str,
        expires_after: ExpiresAfter | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Upload:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            o = _ffi.UploadCreateOptions()
            client.lib.oft_upload_create_options_init(byref(o), _ffi.UPLOAD_CREATE_OPTIONS_VERSION)
            o.filename = encode("filename", filename)
            o.purpose = encode("purpose", purpose)
            o.bytes = bytes
            o.mime_type = encode("mime_type", mime_type)
            if expires_after is not None:
                o.expires_after_seconds = expires_after.get("seconds") or 0
            return _upload(client, client.lib.oft_upload_create, byref(o))

    def complete(
        self,
        upload_id: str,
        *,
        part_ids: Sequence[str],
        md5: str | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Upload:
        """Completes the Upload with its parts in file order; ``.file`` is the file."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            if isinstance(part_ids, str):
                raise InvalidArgumentError("part_ids: expected a sequence of str")
            arr = (c_char_p * max(1, len(part_ids)))()
            for i, p in enumerate(part_ids):
                arr[i] = encode(f"part_ids[{i}]", p)
            return _upload(client, client.lib.oft_upload_complete, _id("upload_id", upload_id),
                           arr, len(part_ids), encode("md5", md5))

    def cancel(
        self,
        upload_id: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Upload:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return _upload(client, client.lib.oft_upload_cancel, _id("upload_id", upload_id))


class PartsWithRawResponse:
    def __init__(self, r: Parts) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)


class UploadsWithRawResponse:
    def __init__(self, r: Uploads) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)
        self.complete = _raw(r.complete)
        self.cancel = _raw(r.cancel)
        self.parts = PartsWithRawResponse(r.parts)
