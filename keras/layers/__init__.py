"""Public namespace `keras.layers`.

Lazy: a layer's module is imported on first use of its name, so `keras.layers.Dense` does
not load every layer family.
"""

import importlib

_P = "keras.layers."

# name -> module that defines it.
_NAMES = {
    "Layer": _P + "layer",
    "InputSpec": _P + "input_spec",
    "Input": _P + "input_layer",
    "InputLayer": _P + "input_layer",
    # core
    "Dense": _P + "core.dense",
    "EinsumDense": _P + "core.einsum_dense",
    "Embedding": _P + "core.embedding",
    "Identity": _P + "core.identity",
    "Lambda": _P + "core.lambda_layer",
    "Masking": _P + "core.masking",
    # activations
    "Activation": _P + "activations.activation",
    "ReLU": _P + "activations.relu",
    "LeakyReLU": _P + "activations.leaky_relu",
    "PReLU": _P + "activations.prelu",
    "ELU": _P + "activations.elu",
    "Softmax": _P + "activations.softmax",
    # regularization
    "Dropout": _P + "regularization.dropout",
    "SpatialDropout1D": _P + "regularization.spatial_dropout",
    "SpatialDropout2D": _P + "regularization.spatial_dropout",
    "SpatialDropout3D": _P + "regularization.spatial_dropout",
    "GaussianNoise": _P + "regularization.gaussian_noise",
    "GaussianDropout": _P + "regularization.gaussian_dropout",
    "AlphaDropout": _P + "regularization.alpha_dropout",
    "ActivityRegularization": _P + "regularization.activity_regularization",
    # reshaping
    "Flatten": _P + "reshaping.flatten",
    "Reshape": _P + "reshaping.reshape",
    "Permute": _P + "reshaping.permute",
    "RepeatVector": _P + "reshaping.repeat_vector",
    "Cropping1D": _P + "reshaping.cropping",
    "Cropping2D": _P + "reshaping.cropping",
    "Cropping3D": _P + "reshaping.cropping",
    "ZeroPadding1D": _P + "reshaping.zero_padding",
    "ZeroPadding2D": _P + "reshaping.zero_padding",
    "ZeroPadding3D": _P + "reshaping.zero_padding",
    "UpSampling1D": _P + "reshaping.up_sampling",
    "UpSampling2D": _P + "reshaping.up_sampling",
    "UpSampling3D": _P + "reshaping.up_sampling",
    # merging
    "Add": _P + "merging.add",
    "Subtract": _P + "merging.subtract",
    "Multiply": _P + "merging.multiply",
    "Average": _P + "merging.average",
    "Maximum": _P + "merging.maximum",
    "Minimum": _P + "merging.minimum",
    "Concatenate": _P + "merging.concatenate",
    "Dot": _P + "merging.dot",
    "add": _P + "merging.add",
    "subtract": _P + "merging.subtract",
    "multiply": _P + "merging.multiply",
    "average": _P + "merging.average",
    "maximum": _P + "merging.maximum",
    "minimum": _P + "merging.minimum",
    "concatenate": _P + "merging.concatenate",
    "dot": _P + "merging.dot",
}


def __getattr__(name):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'keras.layers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_NAMES))
