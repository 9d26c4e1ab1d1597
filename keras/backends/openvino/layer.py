"""The backend base of keras.layers.Layer (nothing engine-specific is needed), remat
(no autodiff: the function itself) and keras.device (the CPU only)."""

from keras.backends.common import backend_utils

BackendLayer = backend_utils.BackendLayer
remat = backend_utils.no_remat
device_scope = backend_utils.cpu_only_device_scope("openvino")
