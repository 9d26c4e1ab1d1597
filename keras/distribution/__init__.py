"""Public namespace `keras.distribution`: device meshes, layouts, and the data- and
model-parallel distributions (see distribution_lib). Lazy: loads on first access."""

from keras.utils.lazy_namespace import lazy_namespace

_EXPORTS = {
    name: ".distribution_lib"
    for name in (
        "DataParallel",
        "DeviceMesh",
        "LayoutMap",
        "ModelParallel",
        "TensorLayout",
        "distribute_tensor",
        "distribution",
        "get_device_count",
        "initialize",
        "list_devices",
        "set_distribution",
    )
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
