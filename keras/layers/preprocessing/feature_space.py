"""FeatureSpace (public as `keras.utils.FeatureSpace`): one object that turns a dict of
raw structured-data columns into model-ready features.

Each named feature has a preprocessing layer (Normalization, Discretization,
StringLookup, IntegerLookup, Hashing, a rescaling, or nothing) and an output mode
("float", "int" or "one_hot"); pairs of categorical features can also be crossed
(HashedCrossing). `adapt` fits the layers that learn state from a `tf.data` dataset of
dicts; calling the FeatureSpace on a dict returns either one concatenated float32
tensor (output_mode="concat": features sorted by name, then the crosses) or a dict of
encoded features (output_mode="dict").

As in Keras 3, the work is done by TensorFlow ops (the string layers need them), so a
FeatureSpace can be mapped over a `tf.data` dataset whatever the backend; called
eagerly it returns tensors of the active backend.
"""

import types

import numpy as np

from keras.backends import tf_graph
from keras.layers.layer import Layer
from keras.layers.preprocessing.tf_data_layer import TFDataLayer
from keras.saving import serialization_lib

_OUTPUT_MODES = ("concat", "dict")
_FEATURE_OUTPUT_MODES = ("float", "int", "one_hot")
_PRESETS = (
    "float",
    "float_rescaled",
    "float_normalized",
    "float_discretized",
    "integer_categorical",
    "integer_hashed",
    "string_categorical",
    "string_hashed",
)


def _tf():
    # TensorFlow through the package's string helpers (the one place, with tf_graph,
    # that names the engine): the string features need it, as in Keras 3.
    from keras.layers.preprocessing import tf_text

    return tf_text.tf()


class TFDIdentity(TFDataLayer):
    """Returns its input (the preprocessor of plain "float" features)."""

    def call(self, inputs):
        return inputs


class _Rescale(TFDataLayer):
    """`inputs * scale + offset` (the preprocessor of "float_rescaled" features)."""

    def __init__(self, scale=1.0, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset

    def call(self, inputs):
        return inputs * self.scale + self.offset

    def get_config(self):
        config = super().get_config()
        config.update({"scale": self.scale, "offset": self.offset})
        return config


class Feature:
    """One feature of a FeatureSpace: its input dtype, its preprocessing layer and how
    the layer's output is encoded ("float", "int" or "one_hot")."""

    def __init__(self, dtype, preprocessor, output_mode):
        if output_mode not in _FEATURE_OUTPUT_MODES:
            raise ValueError(
                f"`output_mode` must be one of {_FEATURE_OUTPUT_MODES}; received "
                f"output_mode={output_mode!r}."
            )
        if isinstance(preprocessor, dict):
            preprocessor = _deserialize(preprocessor)
        self.dtype = dtype
        self.preprocessor = preprocessor
        self.output_mode = output_mode

    def get_config(self):
        return {
            "dtype": self.dtype,
            "preprocessor": serialization_lib.serialize_keras_object(self.preprocessor),
            "output_mode": self.output_mode,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Cross:
    """A hashed cross of categorical features, `crossing_dim` bins."""

    def __init__(self, feature_names, crossing_dim, output_mode="one_hot"):
        if output_mode not in ("int", "one_hot"):
            raise ValueError(
                "`output_mode` must be 'int' or 'one_hot'; received "
                f"output_mode={output_mode!r}."
            )
        self.feature_names = tuple(feature_names)
        self.crossing_dim = crossing_dim
        self.output_mode = output_mode

    @property
    def name(self):
        return "_X_".join(self.feature_names)

    def get_config(self):
        return {
            "feature_names": self.feature_names,
            "crossing_dim": self.crossing_dim,
            "output_mode": self.output_mode,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _layers():
    """The preprocessing layer classes (their modules load on first use)."""
    from keras.layers.preprocessing import discretization
    from keras.layers.preprocessing import hashed_crossing
    from keras.layers.preprocessing import hashing
    from keras.layers.preprocessing import integer_lookup
    from keras.layers.preprocessing import normalization
    from keras.layers.preprocessing import string_lookup

    return types.SimpleNamespace(
        Discretization=discretization.Discretization,
        HashedCrossing=hashed_crossing.HashedCrossing,
        Hashing=hashing.Hashing,
        IntegerLookup=integer_lookup.IntegerLookup,
        Normalization=normalization.Normalization,
        StringLookup=string_lookup.StringLookup,
    )


class FeatureSpace(Layer):
    """Preprocesses and encodes a dict of structured-data features.

    Args:
        features: dict of feature name -> a `Feature` (from the static constructors
            such as `FeatureSpace.float_normalized()`) or one of the preset names
            "float", "float_rescaled", "float_normalized", "float_discretized",
            "integer_categorical", "integer_hashed", "string_categorical",
            "string_hashed".
        output_mode: "concat" (one float32 tensor) or "dict".
        crosses: list of `FeatureSpace.cross(...)` or tuples of feature names.
        crossing_dim: bins of crosses given as tuples of names.
        hashing_dim: bins of hashed features given as preset names.
        num_discretization_bins: bins of "float_discretized" given as a preset name.
        name: the name of the layer.
    """

    @classmethod
    def cross(cls, feature_names, crossing_dim, output_mode="one_hot"):
        """A hashed cross of the named categorical features."""
        return Cross(feature_names, crossing_dim, output_mode=output_mode)

    @classmethod
    def feature(cls, dtype, preprocessor, output_mode):
        """A feature with any preprocessing layer."""
        return Feature(dtype, preprocessor, output_mode)

    @classmethod
    def float(cls, name=None):
        """A float feature passed through as is."""
        return Feature("float32", TFDIdentity(name=_name(name, "float")), "float")

    @classmethod
    def float_rescaled(cls, scale=1.0, offset=0.0, name=None):
        """A float feature mapped to `x * scale + offset`."""
        layer = _Rescale(scale=scale, offset=offset, name=_name(name, "float_rescaled"))
        return Feature("float32", layer, "float")

    @classmethod
    def float_normalized(cls, name=None):
        """A float feature normalized to mean 0 and variance 1 (adapted)."""
        layer = _layers().Normalization(axis=-1, name=_name(name, "float_normalized"))
        return Feature("float32", layer, "float")

    @classmethod
    def float_discretized(
        cls, num_bins, bin_boundaries=None, output_mode="one_hot", name=None
    ):
        """A float feature bucketized into `num_bins` quantile bins (adapted) or by
        the given `bin_boundaries`."""
        # Fixed boundaries make `num_bins` redundant (the layer takes one of them).
        layer = _layers().Discretization(
            num_bins=num_bins if bin_boundaries is None else None,
            bin_boundaries=bin_boundaries,
            name=_name(name, "float_discretized"),
        )
        return Feature("float32", layer, output_mode)

    @classmethod
    def integer_categorical(
        cls, max_tokens=None, num_oov_indices=1, output_mode="one_hot", name=None
    ):
        """An integer category looked up in an adapted vocabulary."""
        layer = _layers().IntegerLookup(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            name=_name(name, "integer_categorical"),
        )
        return Feature("int32", layer, output_mode)

    @classmethod
    def string_categorical(
        cls, max_tokens=None, num_oov_indices=1, output_mode="one_hot", name=None
    ):
        """A string category looked up in an adapted vocabulary."""
        layer = _layers().StringLookup(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            name=_name(name, "string_categorical"),
        )
        return Feature("string", layer, output_mode)

    @classmethod
    def string_hashed(cls, num_bins, output_mode="one_hot", name=None):
        """A string category hashed into `num_bins` bins."""
        layer = _layers().Hashing(num_bins=num_bins, name=_name(name, "string_hashed"))
        return Feature("string", layer, output_mode)

    @classmethod
    def integer_hashed(cls, num_bins, output_mode="one_hot", name=None):
        """An integer category hashed into `num_bins` bins."""
        layer = _layers().Hashing(num_bins=num_bins, name=_name(name, "integer_hashed"))
        return Feature("int32", layer, output_mode)

    def __init__(
        self,
        features,
        output_mode="concat",
        crosses=None,
        crossing_dim=32,
        hashing_dim=32,
        num_discretization_bins=32,
        name=None,
    ):
        super().__init__(name=name)
        if not isinstance(features, dict) or not features:
            raise ValueError(
                "`features` must be a non-empty dict of feature name -> Feature or "
                f"preset name; received features={features!r}."
            )
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(
                f"`output_mode` must be one of {_OUTPUT_MODES}; received "
                f"output_mode={output_mode!r}."
            )
        self.output_mode = output_mode
        self.crossing_dim = crossing_dim
        self.hashing_dim = hashing_dim
        self.num_discretization_bins = num_discretization_bins
        self.features = {
            feature_name: self._standardize_feature(feature_name, value)
            for feature_name, value in features.items()
        }
        self.crosses = [self._standardize_cross(c) for c in (crosses or [])]
        # Tracked sublayers, so the adapted state is saved with the FeatureSpace.
        self.preprocessors = {n: f.preprocessor for n, f in self.features.items()}
        self.crossers = {
            c.name: _layers().HashedCrossing(num_bins=c.crossing_dim, name=c.name)
            for c in self.crosses
        }
        self._is_adapted = all(
            not hasattr(f.preprocessor, "adapt") for f in self.features.values()
        )
        # Built once adapted: a loaded FeatureSpace gets its state (and this flag)
        # back through build_from_config.
        self.built = self._is_adapted

    def _standardize_feature(self, feature_name, value):
        if isinstance(value, dict):
            value = _deserialize(value)
        if isinstance(value, Feature):
            return value
        if not isinstance(value, str) or value not in _PRESETS:
            raise ValueError(
                f"`features[{feature_name!r}]` must be a Feature or one of {_PRESETS}; "
                f"received {value!r}."
            )
        name = f"{feature_name}_preprocessor"
        if value == "float_discretized":
            return self.float_discretized(self.num_discretization_bins, name=name)
        if value in ("string_hashed", "integer_hashed"):
            return getattr(self, value)(self.hashing_dim, name=name)
        return getattr(self, value)(name=name)

    def _standardize_cross(self, value):
        if isinstance(value, dict):
            value = _deserialize(value)
        if isinstance(value, Cross):
            cross = value
        elif isinstance(value, (tuple, list)) and all(
            isinstance(v, str) for v in value
        ):
            cross = Cross(value, self.crossing_dim)
        else:
            raise ValueError(
                "`crosses` must hold FeatureSpace.cross(...) objects or tuples of "
                f"feature names; received {value!r}."
            )
        unknown = [n for n in cross.feature_names if n not in self.features]
        if unknown:
            raise ValueError(
                f"`crosses` names features that are not in `features`: {unknown}; "
                f"known features: {sorted(self.features)}."
            )
        return cross

    # Adapting.
    def adapt(self, dataset):
        """Fits the preprocessors that learn state (normalization statistics, bin
        boundaries, vocabularies) on `dataset`, a `tf.data.Dataset` of feature dicts."""
        tf = _tf()
        if not isinstance(dataset, tf.data.Dataset):
            raise ValueError(
                "`adapt` expects a tf.data.Dataset of dicts of features; received "
                f"dataset={dataset!r}."
            )
        for feature_name in sorted(self.features):
            preprocessor = self.features[feature_name].preprocessor
            if not hasattr(preprocessor, "adapt"):
                continue
            if getattr(preprocessor, "num_bins", 1) is None:
                continue  # a Discretization with fixed boundaries learns nothing
            column = dataset.map(
                lambda data, key=feature_name: _as_column(tf, data[key])
            )
            preprocessor.adapt(column)
        self._is_adapted = True
        self.built = True

    # Symbolic use (a functional model over the raw features).
    def get_inputs(self):
        """A dict of `keras.Input`s, one `(None, 1)` input per feature, named after
        it and of its dtype."""
        from keras.layers.input_layer import Input

        # The same inputs every time, so a model built on get_encoded_features() can
        # take them as its inputs.
        if self.__dict__.get("_symbolic_inputs") is None:
            self.__dict__["_symbolic_inputs"] = {
                feature_name: Input(shape=(1,), dtype=feature.dtype, name=feature_name)
                for feature_name, feature in self.features.items()
            }
        return dict(self.__dict__["_symbolic_inputs"])

    def get_encoded_features(self):
        """The FeatureSpace applied to `get_inputs()`: symbolic encoded features (one
        tensor for output_mode="concat", a dict for "dict")."""
        if not self._is_adapted:
            raise ValueError(
                "Call `.adapt(dataset)` on the FeatureSpace before "
                "`get_encoded_features()`."
            )
        return self(self.get_inputs())

    def _widths(self):
        """Encoded width of each output, by name (features sorted, then crosses)."""
        widths = {}
        for feature_name in sorted(self.features):
            feature = self.features[feature_name]
            if feature.output_mode == "one_hot":
                widths[feature_name] = _depth(feature.preprocessor)
            else:
                widths[feature_name] = 1
        for cross in self.crosses:
            one_hot = cross.output_mode == "one_hot"
            widths[cross.name] = cross.crossing_dim if one_hot else 1
        return widths

    def compute_output_spec(self, data):
        from keras.backends.common.keras_tensor import KerasTensor

        batch = next(iter(data.values())).shape[0]
        widths = self._widths()
        if self.output_mode == "concat":
            return KerasTensor((batch, sum(widths.values())), dtype="float32")
        modes = {n: f.output_mode for n, f in self.features.items()}
        modes.update({c.name: c.output_mode for c in self.crosses})
        return {
            name: KerasTensor(
                (batch, width), dtype="int64" if modes[name] == "int" else "float32"
            )
            for name, width in widths.items()
        }

    def call(self, data):
        return self._process(data)

    # Calling.
    def __call__(self, data):
        if isinstance(data, dict) and any(
            isinstance(v, _keras_tensor_class()) for v in data.values()
        ):
            # Symbolic inputs: the layer machinery records the call in the graph.
            self._check_ready(data)
            return super().__call__(data)
        return self._process(data)

    def _check_ready(self, data):
        if not self._is_adapted:
            raise ValueError(
                "Call `.adapt(dataset)` on the FeatureSpace before using it: it has "
                "preprocessors that learn state (normalization, discretization, "
                "vocabularies)."
            )
        if not isinstance(data, dict):
            raise ValueError(
                f"A FeatureSpace is called on a dict of features; received {data!r}."
            )
        missing = [n for n in self.features if n not in data]
        if missing:
            raise ValueError(
                f"The data passed to the FeatureSpace lacks the features {missing}; "
                f"it has {sorted(data)}."
            )

    def _process(self, data):
        self._check_ready(data)
        tf = _tf()
        in_graph = tf_graph.any_graph_tensor(data)
        columns = {}
        unbatched = False
        for feature_name in self.features:
            value = _to_tf(tf, data[feature_name])
            unbatched = unbatched or len(value.shape) == 0
            columns[feature_name] = _as_column(tf, value)
        encoded = {}
        for feature_name in sorted(self.features):
            feature = self.features[feature_name]
            values = _to_tf(tf, feature.preprocessor(columns[feature_name]))
            encoded[feature_name] = self._encode(tf, feature, values)
        for cross in self.crosses:
            inputs = tuple(columns[n] for n in cross.feature_names)
            values = _to_tf(tf, self.crossers[cross.name](inputs))
            if cross.output_mode == "one_hot":
                values = _one_hot(tf, values, cross.crossing_dim)
            encoded[cross.name] = values
        if self.output_mode == "concat":
            outputs = tf.concat(
                [tf.cast(v, "float32") for v in encoded.values()], axis=-1
            )
        else:
            outputs = encoded
        if unbatched:
            outputs = tf.nest.map_structure(lambda t: tf.squeeze(t, 0), outputs)
        if in_graph:
            return outputs
        from keras import ops

        return tf.nest.map_structure(
            lambda t: ops.convert_to_tensor(t.numpy()), outputs
        )

    def _encode(self, tf, feature, values):
        if feature.output_mode == "float":
            return tf.cast(values, "float32")
        if feature.output_mode == "int":
            return values
        return _one_hot(tf, values, _depth(feature.preprocessor))

    def get_config(self):
        return {
            "features": serialization_lib.serialize_keras_object(self.features),
            "output_mode": self.output_mode,
            "crosses": serialization_lib.serialize_keras_object(self.crosses),
            "crossing_dim": self.crossing_dim,
            "hashing_dim": self.hashing_dim,
            "num_discretization_bins": self.num_discretization_bins,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def save(self, filepath):
        """Saves the FeatureSpace (config and adapted state) to a `.keras` file;
        `keras.saving.load_model` restores it."""
        from keras.saving import saving_api

        saving_api.save_model(self, filepath)

    def get_build_config(self):
        # Saved next to the config: whether the preprocessors were adapted (their
        # state itself is saved as their own variables and vocabulary assets).
        return {"adapted": bool(self._is_adapted)}

    def build_from_config(self, config):
        if config and config.get("adapted"):
            self._is_adapted = True
        self.built = True


# Serialized configs name the public namespace of a class; FeatureSpace is public as
# keras.utils.FeatureSpace (not under keras.layers, above this module), so say so.
FeatureSpace.__module__ = "keras.utils"


def _deserialize(config):
    # The helper classes of this module are not public names: resolve them by name
    # (Keras 3 files name them the same way, under its private module).
    custom = {
        "Feature": Feature,
        "Cross": Cross,
        "TFDIdentity": TFDIdentity,
        "_Rescale": _Rescale,
    }
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom)


def _keras_tensor_class():
    from keras.backends.common.keras_tensor import KerasTensor

    return KerasTensor


def _name(name, default):
    return name if name is not None else f"{default}_preprocessor"


def _to_tf(tf, value):
    if isinstance(value, tf.Tensor):
        return value
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        if hasattr(value, "detach"):  # a torch tensor
            value = value.detach().cpu()
        value = value.numpy()
    return tf.convert_to_tensor(np.asarray(value))


def _as_column(tf, value):
    """A feature as a `(batch, 1)` column (a scalar becomes a batch of one)."""
    value = tf.convert_to_tensor(value)
    if value.shape.rank == 0:
        return tf.reshape(value, (1, 1))
    if value.shape.rank == 1:
        return tf.expand_dims(value, -1)
    return value


def _one_hot(tf, indices, depth):
    indices = tf.cast(indices, "int64")
    if indices.shape.rank is not None and indices.shape.rank >= 2:
        indices = tf.squeeze(indices, -1)
    return tf.one_hot(indices, depth, dtype="float32")


def _depth(preprocessor):
    """The number of categories the preprocessor's integer output can take."""
    if hasattr(preprocessor, "vocabulary_size"):
        return int(preprocessor.vocabulary_size())
    if hasattr(preprocessor, "num_bins") and preprocessor.num_bins is not None:
        if getattr(preprocessor, "bin_boundaries", None) is not None:
            return len(preprocessor.bin_boundaries) + 1
        return int(preprocessor.num_bins)
    boundaries = getattr(preprocessor, "bin_boundaries", None)
    if boundaries is not None:
        return len(boundaries) + 1
    raise ValueError(
        f"Cannot one-hot encode the output of {type(preprocessor).__name__}: it has "
        "no vocabulary nor number of bins; use output_mode='int' or 'float'."
    )
