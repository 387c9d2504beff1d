from .. import sub


class B:
    parent = sub
