from .a import A

__all__ = ["A"]
