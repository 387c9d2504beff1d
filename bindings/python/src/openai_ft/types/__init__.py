"""The result types under the official SDK's names (``openai.types``), for
code that imports them: ``from openai_ft.types import FileObject``. Each is
the package's own class (``openai_ft.File`` is ``FileObject``)."""

from .._types import Deleted as FileDeleted
from .._types import Deleted as ModelDeleted
from .._types import File as FileObject
from .._types import FilePurpose, Model, Upload
from .._types import UploadPart

__all__ = ["FileDeleted", "FileObject", "FilePurpose", "Model", "ModelDeleted", "Upload",
           "UploadPart"]
