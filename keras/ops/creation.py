"""keras.ops: the creation ops."""

__all__ = []
