from .b import B


class A(B):
    pass
