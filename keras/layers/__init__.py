"""Public namespace `keras.layers`.

Lazy: a layer's module is imported on first use of its name, so `keras.layers.Dense` does
not load every layer family.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "Layer": ".layer",
    "InputSpec": ".input_spec",
    "Input": ".input_layer",
    "InputLayer": ".input_layer",
    # core
    "Dense": ".core.dense",
    "EinsumDense": ".core.einsum_dense",
    "Embedding": ".core.embedding",
    "Identity": ".core.identity",
    "Lambda": ".core.lambda_layer",
    "Masking": ".core.masking",
    # activations
    "Activation": ".activations.activation",
    "ReLU": ".activations.relu",
    "LeakyReLU": ".activations.leaky_relu",
    "PReLU": ".activations.prelu",
    "ELU": ".activations.elu",
    "Softmax": ".activations.softmax",
    # regularization
    "Dropout": ".regularization.dropout",
    "SpatialDropout1D": ".regularization.spatial_dropout",
    "SpatialDropout2D": ".regularization.spatial_dropout",
    "SpatialDropout3D": ".regularization.spatial_dropout",
    "GaussianNoise": ".regularization.gaussian_noise",
    "GaussianDropout": ".regularization.gaussian_dropout",
    "AlphaDropout": ".regularization.alpha_dropout",
    "ActivityRegularization": ".regularization.activity_regularization",
    # reshaping
    "Flatten": ".reshaping.flatten",
    "Reshape": ".reshaping.reshape",
    "Permute": ".reshaping.permute",
    "RepeatVector": ".reshaping.repeat_vector",
    "Cropping1D": ".reshaping.cropping",
    "Cropping2D": ".reshaping.cropping",
    "Cropping3D": ".reshaping.cropping",
    "ZeroPadding1D": ".reshaping.zero_padding",
    "ZeroPadding2D": ".reshaping.zero_padding",
    "ZeroPadding3D": ".reshaping.zero_padding",
    "UpSampling1D": ".reshaping.up_sampling",
    "UpSampling2D": ".reshaping.up_sampling",
    "UpSampling3D": ".reshaping.up_sampling",
    # merging
    "Add": ".merging.add",
    "Subtract": ".merging.subtract",
    "Multiply": ".merging.multiply",
    "Average": ".merging.average",
    "Maximum": ".merging.maximum",
    "Minimum": ".merging.minimum",
    "Concatenate": ".merging.concatenate",
    "Dot": ".merging.dot",
    "add": ".merging.add",
    "subtract": ".merging.subtract",
    "multiply": ".merging.multiply",
    "average": ".merging.average",
    "maximum": ".merging.maximum",
    "minimum": ".merging.minimum",
    "concatenate": ".merging.concatenate",
    "dot": ".merging.dot",
    # normalization
    "BatchNormalization": ".normalization.batch_normalization",
    "LayerNormalization": ".normalization.layer_normalization",
    "GroupNormalization": ".normalization.group_normalization",
    "RMSNormalization": ".normalization.rms_normalization",
    "UnitNormalization": ".normalization.unit_normalization",
    "SpectralNormalization": ".normalization.spectral_normalization",
}


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
