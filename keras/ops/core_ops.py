"""keras.ops: the core_ops ops."""

__all__ = []
