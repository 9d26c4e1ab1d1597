"""Public namespace `keras.initializers`: how weights get their first values.

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> (module, attribute).
_EXPORTS = {
    "Initializer": (".base", "Initializer"),
    "Constant": (".constant_initializers", "Constant"),
    "Zeros": (".constant_initializers", "Zeros"),
    "Ones": (".constant_initializers", "Ones"),
    "Identity": (".constant_initializers", "Identity"),
    "IdentityInitializer": (".constant_initializers", "Identity"),
    "RandomNormal": (".random_initializers", "RandomNormal"),
    "RandomUniform": (".random_initializers", "RandomUniform"),
    "TruncatedNormal": (".random_initializers", "TruncatedNormal"),
    "Orthogonal": (".random_initializers", "Orthogonal"),
    "OrthogonalInitializer": (".random_initializers", "Orthogonal"),
    "VarianceScaling": (".variance_scaling_initializers", "VarianceScaling"),
    "GlorotNormal": (".variance_scaling_initializers", "GlorotNormal"),
    "GlorotUniform": (".variance_scaling_initializers", "GlorotUniform"),
    "HeNormal": (".variance_scaling_initializers", "HeNormal"),
    "HeUniform": (".variance_scaling_initializers", "HeUniform"),
    "LecunNormal": (".variance_scaling_initializers", "LecunNormal"),
    "LecunUniform": (".variance_scaling_initializers", "LecunUniform"),
    "STFT": (".stft_initializer", "STFT"),
    "STFTInitializer": (".stft_initializer", "STFT"),
    "constant": (".constant_initializers", "Constant"),
    "zeros": (".constant_initializers", "Zeros"),
    "ones": (".constant_initializers", "Ones"),
    "identity": (".constant_initializers", "Identity"),
    "random_normal": (".random_initializers", "RandomNormal"),
    "random_uniform": (".random_initializers", "RandomUniform"),
    "truncated_normal": (".random_initializers", "TruncatedNormal"),
    "orthogonal": (".random_initializers", "Orthogonal"),
    "variance_scaling": (".variance_scaling_initializers", "VarianceScaling"),
    "glorot_normal": (".variance_scaling_initializers", "GlorotNormal"),
    "glorot_uniform": (".variance_scaling_initializers", "GlorotUniform"),
    "he_normal": (".variance_scaling_initializers", "HeNormal"),
    "he_uniform": (".variance_scaling_initializers", "HeUniform"),
    "lecun_normal": (".variance_scaling_initializers", "LecunNormal"),
    "lecun_uniform": (".variance_scaling_initializers", "LecunUniform"),
    "stft": (".stft_initializer", "STFT"),
    "get": (".lookup", "get"),
    "serialize": (".lookup", "serialize"),
    "deserialize": (".lookup", "deserialize"),
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
