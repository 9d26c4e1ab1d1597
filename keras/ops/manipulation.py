"""keras.ops: the manipulation ops."""

__all__ = []
