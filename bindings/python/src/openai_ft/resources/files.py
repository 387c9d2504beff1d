"""client.files: the SDK's create (a path, bytes, a file object or a
(name, content) tuple), retrieve, list, delete, content and
wait_for_processing; and the first release's upload/download (deprecated)."""

from __future__ import annotations

import os
import stat
import tempfile
import warnings
from collections.abc import Iterator
from ctypes import byref
from typing import IO, Any, Literal, TypedDict, Union

from .. import _convert, _ffi
from .. import _types as t
from .._convert import encode
from .._errors import InvalidArgumentError, WaitTimeoutError
from .._legacy import _FILE_ORDERS, _id, _limit
from .._legacy import Files as _Files
from .._legacy import ProgressCallback
from .._page import SyncCursorPage
from .._protocols import ClientProtocol
from .._fetch import fetch
from ._base import ExtraBody, ExtraHeaders, ExtraQuery, SyncAPIResource, cursor_page
from ._base import to_raw_response_wrapper as _raw

#: What ``file=`` takes: a path, bytes, or a binary file object...
FileContent = Union[IO[bytes], bytes, "os.PathLike[str]", str]
#: ...or a (filename, content) or (filename, content, mime type) tuple.
FileTypes = Union[
    FileContent,
    tuple[Union[str, None], FileContent],
    tuple[Union[str, None], FileContent, Union[str, None]],
]


class ExpiresAfter(TypedDict):
    anchor: Literal["created_at"]
    seconds: int


class FileWaitTimeoutError(WaitTimeoutError, RuntimeError):
    """files.wait_for_processing gave up; a RuntimeError as the SDK's is."""


class BinaryContent:
    """A file's content, as the SDK's ``files.content()`` returns it."""

    __slots__ = ("content",)

    def __init__(self, content: bytes) -> None:
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")

    def read(self) -> bytes:
        return self.content

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        size = chunk_size or 65536
        for i in range(0, len(self.content), size):
            yield self.content[i : i + size]

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        with open(file, "wb") as f:
            f.write(self.content)


def _unpack(file: FileTypes) -> tuple[str | None, FileContent, str | None]:
    if isinstance(file, tuple):
        if len(file) == 2:
            return file[0], file[1], None
        if len(file) == 3:
            return file[0], file[1], file[2]
        raise InvalidArgumentError("file: a tuple is (filename, content[, mime type])")
    return None, file, None


def _regular_fd_at_start(f: Any) -> int | None:
    """f's descriptor when the library can read it whole (a regular file read
    from its start), else None."""
    try:
        fd: int = f.fileno()
        if f.tell() != 0 or not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return fd
    except (AttributeError, OSError, ValueError):
        return None


class Files(SyncAPIResource):
    @property
    def with_raw_response(self) -> FilesWithRawResponse:
        return FilesWithRawResponse(self)

    def create(
        self,
        *,
        file: FileTypes,
        purpose: t.FilePurpose | str,
        expires_after: ExpiresAfter | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.File:
        """Uploads a file, streamed from disk (a large one through the Uploads
        API in parallel parts). Bytes, and a file object not read from a regular
        file's start, go through a temporary file first."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            expires = 0
            if expires_after is not None:
                if not isinstance(expires_after, dict) or expires_after.get("anchor") != "created_at":
                    raise InvalidArgumentError(
                        'expires_after: expected {"anchor": "created_at", "seconds": N}')
                expires = expires_after.get("seconds") or 0
            name, content, mime = _unpack(file)
            if isinstance(content, (str, os.PathLike)):
                if name is None:
                    return _Files(client).upload(content, purpose=purpose, expires_after=expires,
                                                 mime_type=mime)
                with open(content, "rb") as f:
                    return _upload_fd(client, f.fileno(), name, purpose, expires, mime)
            if isinstance(content, (bytes, bytearray, memoryview)):
                data = bytes(content)
                default = "upload"
            elif hasattr(content, "read"):
                default = os.path.basename(str(getattr(content, "name", "upload"))) or "upload"
                fd = _regular_fd_at_start(content)
                if fd is not None:
                    return _upload_fd(client, fd, name or default, purpose, expires, mime)
                data = content.read()
                if not isinstance(data, bytes):
                    raise InvalidArgumentError("file: a file object must be opened in binary mode")
            else:
                raise InvalidArgumentError(
                    f"file: expected a path, bytes, a binary file object or a (name, content) "
                    f"tuple, got {type(content).__name__}")
            with tempfile.TemporaryFile() as tmp:
                tmp.write(data)
                tmp.flush()
                return _upload_fd(client, tmp.fileno(), name or default, purpose, expires, mime)

    def retrieve(
        self,
        file_id: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.File:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return _Files(client).retrieve(file_id)

    def list(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        purpose: str | None = None,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> SyncCursorPage[t.File]:
        """The first page of files; iterate it for every file."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            if order not in _FILE_ORDERS:
                raise InvalidArgumentError('order: expected "asc", "desc" or None')
            lim = _limit(limit)
            pur = encode("purpose", purpose)
            lib = client.lib

            def args(cursor: str | None) -> tuple[Any, ...]:
                o = _ffi.FileListOptions(_ffi.FILE_LIST_OPTIONS_VERSION, pur, _FILE_ORDERS[order],
                                         encode("after", cursor), lim)
                return (byref(o),)

            return cursor_page(client, lib.oft_file_list, _ffi.FilePage, lib.oft_file_page_free,
                               _convert.file, args, after)

    def delete(
        self,
        file_id: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> t.Deleted:
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            return _Files(client).delete(file_id)

    def content(
        self,
        file_id: str,
        *,
        extra_headers: ExtraHeaders | None = None,
        extra_query: ExtraQuery | None = None,
        extra_body: ExtraBody | None = None,
        timeout: float | None = None,
    ) -> BinaryContent:
        """The file's content (held in memory; ``download()``-like streaming to
        disk: ``content(...).write_to_file`` reads it whole first)."""
        with self._call(timeout, extra_headers, extra_query, extra_body) as client:
            fid = _id("file_id", file_id)
            with tempfile.TemporaryFile() as tmp:
                with client._calling() as call:
                    call.check(client.lib.oft_file_download_fd(call.ptr, fid, tmp.fileno()))
                tmp.seek(0)
                return BinaryContent(tmp.read())

    def wait_for_processing(
        self,
        id: str,
        *,
        poll_interval: float = 5.0,
        max_wait_seconds: float = 30 * 60,
        timeout: float | None = None,
    ) -> t.File:
        """Retrieves the file until it is processed, failed or deleted; after
        max_wait_seconds, FileWaitTimeoutError (a RuntimeError, as the SDK's).
        ``timeout`` is the first release's name of max_wait_seconds (deprecated)."""
        if timeout is not None:
            warnings.warn("wait_for_processing(timeout=) is deprecated: use max_wait_seconds=",
                          DeprecationWarning, stacklevel=2)
            max_wait_seconds = timeout
        try:
            return _Files(self._client).wait_for_processing(
                id, poll_interval=poll_interval, timeout=max_wait_seconds)
        except WaitTimeoutError as e:
            raise FileWaitTimeoutError(
                f"Giving up on waiting for file {id} to finish processing after "
                f"{max_wait_seconds} seconds ({e.message})", None) from e

    # ---- the first release's names (deprecated) ----

    def upload(
        self,
        path: str | os.PathLike[str],
        *,
        purpose: str = "fine-tune",
        expires_after: int | None = None,
        progress: ProgressCallback | None = None,
        large_threshold: int | None = None,
        part_size: int | None = None,
        concurrency: int | None = None,
        mime_type: str | None = None,
    ) -> t.File:
        """Deprecated: files.create(file=Path(path), purpose=...)."""
        warnings.warn("files.upload() is deprecated: use files.create(file=Path(...), "
                      "purpose=...)", DeprecationWarning, stacklevel=2)
        return _Files(self._client).upload(
            path, purpose=purpose, expires_after=expires_after, progress=progress,
            large_threshold=large_threshold, part_size=part_size, concurrency=concurrency,
            mime_type=mime_type)

    def download(self, file_id: str, path: str | os.PathLike[str]) -> None:
        """Deprecated: files.content(file_id).write_to_file(path) (this one
        streams to disk; it stays until the library's download has an SDK name)."""
        warnings.warn("files.download() is deprecated: use files.content(id)"
                      ".write_to_file(path)", DeprecationWarning, stacklevel=2)
        _Files(self._client).download(file_id, path)


def _upload_fd(client: ClientProtocol, fd: int, name: str, purpose: str, expires: int,
               mime: str | None) -> t.File:
    o = _ffi.FileUploadOptions()
    o.version = _ffi.FILE_UPLOAD_OPTIONS_VERSION
    o.purpose = encode("purpose", purpose)
    o.expires_after_seconds = expires
    o.mime_type = encode("mime_type", mime)
    lib = client.lib
    return fetch(client, lib.oft_file_upload_fd, _ffi.File, lib.oft_file_free, _convert.file,
                 fd, encode("filename", name), byref(o))


class FilesWithRawResponse:
    def __init__(self, r: Files) -> None:
        self._client = r._client  # AsyncClient mirrors what holds the client
        self.create = _raw(r.create)
        self.retrieve = _raw(r.retrieve)
        self.list = _raw(r.list)
        self.delete = _raw(r.delete)
        self.content = _raw(r.content)


__all__ = ["BinaryContent", "ExpiresAfter", "FileTypes", "FileWaitTimeoutError", "Files"]
