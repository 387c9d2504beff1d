class Client:
    def resource(self) -> object:
        from .resource import Resource  # a lazy import is still an import

        return Resource(self)
