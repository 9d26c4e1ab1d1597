"""The TensorFlow half of keras.export: trace endpoints with TensorFlow, write a SavedModel.

Whatever backend a model was built on, its endpoints are traced as `tf.function`s
inside `keras.backends.active.borrowed("tensorflow")` (keras.ops emit TensorFlow ops),
with our fused kernels turned off (a custom op would make the SavedModel unloadable
where our library is missing), and with each keras Variable read as a `tf.Variable`
made from a copy of its value (keras.export.tracing.holding). The model itself is left
as it was: no variable of it is created, assigned or captured.
"""

import contextlib
import re

import numpy as np
import tensorflow as tf

from keras.backends import active
from keras.backends.common import registry
from keras.backends.common import variables as variables_lib
from keras.export import tracing


def _variable_to_tensor(variable, dtype=None, name=None, as_ref=False):
    """A keras Variable of any backend as a TensorFlow tensor: the tf.Variable it is
    mapped to while an endpoint is traced, else a copy of its value."""
    value = variable.value
    if not isinstance(value, (tf.Tensor, tf.Variable)):
        value = variable.numpy()
    return tf.convert_to_tensor(value, dtype=dtype, name=name)


# TensorFlow's own operators (`tf_tensor + layer.bias`) convert their operands with
# this, also for the Variables of the jax, torch and numpy backends.
tf.register_tensor_conversion_function(variables_lib.Variable, _variable_to_tensor)


@contextlib.contextmanager
def tensorflow_ops():
    """Within the scope, keras.ops emit TensorFlow ops and our fused kernels are off."""
    previous = registry.set_kernels_enabled(False)
    try:
        with active.borrowed("tensorflow"):
            yield
    finally:
        registry.set_kernels_enabled(previous)


def _tensor_spec(spec):
    return tf.TensorSpec(spec.shape, tf.as_dtype(spec.dtype), name=spec.name)


def _tensor_specs(signature):
    """`signature` (Spec structures) with each Spec made a tf.TensorSpec, named
    uniquely (tracing.flat_specs)."""
    flat = [_tensor_spec(s) for s in tracing.flat_specs(signature)]
    return tracing.rebuild(signature, flat)


def _spec_of(value):
    """A tracing.Spec from a tf.TensorSpec (the structure walked by the caller)."""
    if value.shape.rank is None:
        raise ValueError(
            f"The input signature of the tf.function has a spec of unknown rank: {value}. "
            "Pass `input_signature=` to add_endpoint with the rank of each input."
        )
    return tracing.Spec(tuple(value.shape.as_list()), value.dtype.name, value.name)


def _flat_outputs(outputs):
    """What a signature may return: a tensor, or a flat dict of tensors (a nested
    structure is flattened to `output_0`, `output_1`...)."""
    if tf.is_tensor(outputs):
        return outputs
    if isinstance(outputs, dict) and all(tf.is_tensor(v) for v in outputs.values()):
        return outputs
    flat = tf.nest.flatten(outputs)
    return {f"output_{i}": value for i, value in enumerate(flat)}


def _variable_name(path):
    """`path` made a valid TensorFlow name (letters, digits and `_./>-`, not starting
    with `_`, `/`, `>` or `-`)."""
    name = re.sub(r"[^A-Za-z0-9_.\\/>-]", "_", path)
    return re.sub(r"^[_/>-]+", "", name) or "variable"


class SavedModelWriter:
    """Holds the tf.Variables and traced functions of one ExportArchive."""

    def __init__(self):
        self._tf_variables = {}  # id(keras Variable) -> (keras Variable, tf.Variable)
        self._sources = {}  # endpoint name -> (fn, signature, keras Variables)

    def tf_variable(self, variable):
        """The tf.Variable standing for keras Variable `variable` (made once, from a
        copy of its value)."""
        entry = self._tf_variables.get(id(variable))
        if entry is None:
            value = np.array(variable.numpy())
            tf_var = tf.Variable(
                value,
                trainable=variable.trainable,
                name=_variable_name(variable.path),
            )
            entry = self._tf_variables[id(variable)] = (variable, tf_var)
        return entry[1]

    def signature_of(self, fn):
        """The input signature (a list of tracing.Specs structures) of a tf.function
        with one, or traced exactly once; None otherwise."""
        if not isinstance(fn, tf.types.experimental.PolymorphicFunction):
            return None
        if fn.input_signature is not None:
            return tf.nest.map_structure(_spec_of, list(fn.input_signature))
        # No public API lists the traces of a tf.function; this one is what
        # tf.saved_model.save itself reads.
        concrete = fn._list_all_concrete_functions_for_serialization()
        if len(concrete) != 1:
            return None
        args, _ = concrete[0].structured_input_signature
        return tf.nest.map_structure(_spec_of, list(args))

    def _body(self, name, fn, variables):
        """`fn` run with every keras Variable of `variables` reading its tf.Variable;
        reading any other variable raises (it would not be saved)."""
        pairs = [(v, self.tf_variable(v)) for v in variables]

        def body(*args):
            with tracing.holding(pairs) as scope:
                found = scope.get_current_value

                def read(variable):
                    value = found(variable)
                    if value is None:
                        raise ValueError(
                            f"Endpoint {name!r} reads the variable {variable.path!r}, which "
                            "the archive does not track. Call `archive.track(layer)` for "
                            "the layer that owns it before adding the endpoint."
                        )
                    return value

                scope.get_current_value = read
                return fn(*args)

        return body

    def trace(self, name, fn, signature, variables):
        """`fn` traced as a tf.function taking `signature` (a list of Spec structures,
        one per positional argument)."""
        variables = list(variables)
        self._sources[name] = (fn, signature, variables)
        tf_signature = _tensor_specs(signature)
        function = tf.function(
            self._body(name, fn, variables), input_signature=tf_signature, autograph=False
        )
        with tensorflow_ops():
            function.get_concrete_function()
        return function

    def _serving_signature(self, name):
        """The endpoint `name` as a signature: flat named tensors in, a tensor or a flat
        dict of tensors out."""
        fn, signature, variables = self._sources[name]
        flat = tracing.flat_specs(signature)
        body = self._body(name, fn, variables)

        def serving(*values):
            return _flat_outputs(body(*tracing.rebuild(signature, values)))

        function = tf.function(
            serving, input_signature=[_tensor_spec(s) for s in flat], autograph=False
        )
        return function.get_concrete_function()

    def write(self, filepath, endpoints, serving, variables, collections, options=None):
        """Writes the SavedModel; returns a summary of its endpoints."""
        for variable, tf_var in self._tf_variables.values():
            tf_var.assign(np.array(variable.numpy()))
        root = tf.__internal__.tracking.AutoTrackable()
        tracked = [self.tf_variable(v) for v in variables]
        root.variables = tracked
        root.trainable_variables = [t for t in tracked if t.trainable]
        root.non_trainable_variables = [t for t in tracked if not t.trainable]
        for name, function in endpoints.items():
            setattr(root, name, function)
        for name, collection in collections.items():
            if isinstance(collection, dict):
                value = {k: self.tf_variable(v) for k, v in collection.items()}
            else:
                value = [self.tf_variable(v) for v in collection]
            setattr(root, name, value)
        with tensorflow_ops():
            signatures = {"serving_default": self._serving_signature(serving)}
            tf.saved_model.save(root, filepath, signatures=signatures, options=options)
        return self.summary(filepath, endpoints)

    @staticmethod
    def summary(filepath, endpoints):
        lines = [f"Saved artifact at '{filepath}'. The following endpoints are available:"]
        for name, function in endpoints.items():
            concrete = function.get_concrete_function()
            lines.append("")
            lines.append(f"* Endpoint '{name}'")
            lines.append(concrete.pretty_printed_signature(verbose=False))
        return "\n".join(lines)
