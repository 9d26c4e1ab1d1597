"""TFSMLayer: a TensorFlow SavedModel endpoint as a Keras layer (tensorflow backend).

The SavedModel is loaded with `tf.saved_model.load`; its variables become the layer's
Keras variables, each holding the very `tf.Variable` the endpoint reads, so training the
layer updates what the endpoint computes with.

tensorflow is imported inside the functions: this layer runs TensorFlow functions by
definition (keras/layering_test.py lists this file as an allowed tensorflow importer).
"""

from keras.backends import active
from keras.backends.common import config as backend_config
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer


def _tf():
    """The tensorflow module, or a ValueError naming the active backend."""
    backend = backend_config.backend()
    if backend != "tensorflow":
        raise ValueError(
            "TFSMLayer requires the tensorflow backend (KERAS_BACKEND=tensorflow); the "
            f"active backend is '{backend}'."
        )
    import tensorflow as tf

    return tf


class TFSMLayer(Layer):
    """Reloads a TensorFlow SavedModel endpoint as a Keras layer (inference and
    fine-tuning; tensorflow backend only).

    Args:
        filepath: the SavedModel directory.
        call_endpoint: the endpoint called by the layer: an attribute of the loaded
            object (a `tf.function`) or a key of its `signatures`.
        call_training_endpoint: the endpoint called when `training=True`; None uses
            `call_endpoint` for training too.
        trainable: whether the SavedModel's trainable variables are trained.
        name: the layer name.
        dtype: the layer dtype policy.

    >>> layer = keras.layers.TFSMLayer("saved_model_dir", call_endpoint="serve")
    >>> outputs = layer(inputs)
    """

    def __init__(
        self,
        filepath,
        call_endpoint="serve",
        call_training_endpoint=None,
        trainable=True,
        name=None,
        dtype=None,
    ):
        super().__init__(trainable=trainable, name=name, dtype=dtype)
        tf = _tf()
        if not isinstance(filepath, str) and not hasattr(filepath, "__fspath__"):
            raise TypeError(
                "TFSMLayer: `filepath` must be a path to a SavedModel directory; "
                f"received {filepath!r} of type {type(filepath).__name__}."
            )
        filepath = str(filepath)
        self.filepath = filepath
        self.call_endpoint = call_endpoint
        self.call_training_endpoint = call_training_endpoint
        self._reloaded = tf.saved_model.load(filepath)
        self._call_fn = self._endpoint(call_endpoint, "call_endpoint")
        self._training_fn = None
        if call_training_endpoint is not None:
            self._training_fn = self._endpoint(
                call_training_endpoint, "call_training_endpoint"
            )
        captured = _captured_variables(self._call_fn, self._training_fn)
        self._tf_variables = [self._share(v) for v in captured]
        self.built = True

    def _endpoint(self, endpoint, argument):
        reloaded = self._reloaded
        function = None
        if isinstance(endpoint, str):
            function = getattr(reloaded, endpoint, None)
        if callable(function):
            return function
        signatures = getattr(reloaded, "signatures", {})
        if isinstance(endpoint, str) and endpoint in signatures:
            return signatures[endpoint]
        raise ValueError(
            f"TFSMLayer: `{argument}`={endpoint!r} is neither an attribute of the "
            f"SavedModel at '{self.filepath}' nor a key of its `signatures`. Available "
            f"signatures: {sorted(signatures)}."
        )

    def _share(self, tf_variable):
        """A Keras variable holding `tf_variable` itself (not a copy), tracked by the
        layer: trainable when the tf.Variable is."""
        variable = active.Variable(
            tf_variable.read_value(),
            dtype=dtypes.standardize_dtype(tf_variable.dtype.name),
            trainable=bool(tf_variable.trainable),
            name=tf_variable.name.split(":")[0].replace("/", "_"),
        )
        # The endpoint's graph captured this tf.Variable: the Keras variable must read
        # and assign the same one for training to change what the endpoint computes.
        variable._value = tf_variable
        self._track_variable(variable)
        return variable

    def call(self, inputs, training=False):
        function = self._call_fn
        if training and self._training_fn is not None:
            function = self._training_fn
        return self._as_output(function(inputs))

    def compute_output_spec(self, inputs, training=False):
        tf = _tf()

        def spec(x):
            return tf.TensorSpec(x.shape, dtype=dtypes.standardize_dtype(x.dtype))

        specs = _map_tensors(spec, inputs)
        function = self._call_fn
        if training and self._training_fn is not None:
            function = self._training_fn
        # Trace the endpoint on symbolic inputs (a graph: nothing is computed).
        traced = tf.function(lambda x: self._as_output(function(x)))
        concrete = traced.get_concrete_function(specs)
        return tf.nest.map_structure(
            lambda t: KerasTensor(
                tuple(t.shape.as_list()), dtype=dtypes.standardize_dtype(t.dtype.name)
            ),
            concrete.structured_outputs,
        )

    @staticmethod
    def _as_output(outputs):
        # A signature returns a dict of named outputs; a single one is returned bare.
        if isinstance(outputs, dict) and len(outputs) == 1:
            return next(iter(outputs.values()))
        return outputs

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filepath": self.filepath,
                "call_endpoint": self.call_endpoint,
                "call_training_endpoint": self.call_training_endpoint,
            }
        )
        return config


def _captured_variables(*endpoints):
    """The tf.Variables the endpoints read, each once, in their capture order."""
    found, seen = [], set()
    for endpoint in endpoints:
        if endpoint is None:
            continue
        functions = getattr(endpoint, "concrete_functions", None) or [endpoint]
        for function in functions:
            for variable in getattr(function, "variables", ()):
                if id(variable) not in seen:
                    seen.add(id(variable))
                    found.append(variable)
    return found


def _map_tensors(function, value):
    if isinstance(value, KerasTensor):
        return function(value)
    if isinstance(value, dict):
        return {k: _map_tensors(function, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_map_tensors(function, v) for v in value)
    return value
