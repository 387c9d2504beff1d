from typing import TYPE_CHECKING

from . import leaf

if TYPE_CHECKING:
    from .client import Client


class Resource:
    def __init__(self, client: "Client") -> None:
        self.client = client
        self.name = leaf.NAME
