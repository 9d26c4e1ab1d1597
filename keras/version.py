"""The version of this keras package (also the wheel's version; see //:wheel)."""

__version__ = "0.1.0"


def version():
    """Returns the version of the keras package as a string."""
    return __version__
