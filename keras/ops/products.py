"""keras.ops: the products ops."""

__all__ = []
