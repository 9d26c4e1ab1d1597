"""keras.ops: the unary ops."""

__all__ = []
