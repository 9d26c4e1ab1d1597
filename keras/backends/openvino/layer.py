"""The backend base of keras.layers.Layer: nothing engine-specific is needed here."""


class BackendLayer:
    """Mixed into keras.layers.Layer; the hooks are no-ops on this backend."""

    def _backend_init(self):
        pass

    def _backend_setattr(self, name, value):
        object.__setattr__(self, name, value)
