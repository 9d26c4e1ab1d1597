"""keras.ops: the nn ops."""

__all__ = []
