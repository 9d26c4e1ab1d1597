"""keras.ops: the reduction ops."""

__all__ = []
