"""keras.export.ExportArchive: gather layers, functions and variables into a SavedModel.

An archive tracks layers (their variables become the archive's), names endpoints
(functions of keras.ops and tracked layers, each with an input signature) and variable
collections, then writes everything out as a TensorFlow SavedModel that
`tf.saved_model.load` (or TF Serving) reads without keras:

    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint(
        "serve",
        lambda x: model(x, training=False),
        input_signature=[keras.InputSpec(shape=(None, 8), dtype="float32")],
    )
    archive.write_out("path/to/artifact")
    reloaded = tf.saved_model.load("path/to/artifact")
    reloaded.serve(x)

This works whatever backend the layers were built on: each endpoint is traced by
TensorFlow (see keras.export.tracing), its variables read as tf.Variables holding
copies of the layers' weights. This module knows no engine; keras.export.tf_saved_model
does the TensorFlow part.
"""

import os

from keras.backends.common import variables as variables_lib
from keras.export import tracing
from keras.layers.layer import Layer

# Names the loaded object already uses for the archive's variables.
_RESERVED = ("variables", "trainable_variables", "non_trainable_variables")
# Keyword arguments of add_endpoint that Keras 3 reads for JAX models (they tune its
# jax2tf conversion); our trace runs the model's ops in TensorFlow directly.
_IGNORED_ENDPOINT_KWARGS = ("jax2tf_kwargs", "is_static")


class ExportArchive:
    """Collects what a SavedModel holds: tracked layers, endpoints, variable collections.

    `track` a layer before adding an endpoint that calls it; `write_out` writes the
    SavedModel. The endpoint named "serve" (else the first added) is also the
    artifact's `serving_default` signature.
    """

    def __init__(self):
        self._tracked = []
        self._variables = []
        self._endpoints = {}  # name -> the engine's traced function
        self._collections = {}  # name -> list or dict of keras Variables
        self._writer = None

    def _engine(self):
        # Imported on use: it imports TensorFlow.
        if self._writer is None:
            from keras.export import tf_saved_model

            self._writer = tf_saved_model.SavedModelWriter()
        return self._writer

    @property
    def variables(self):
        """The keras Variables of the tracked layers, each once."""
        return list(self._variables)

    def track(self, resource):
        """Adds a built Layer or Model: its variables are saved with the archive, and
        endpoints may call it."""
        if not isinstance(resource, Layer):
            raise ValueError(
                "Invalid resource type. Expected a Keras `Layer` or `Model` instance. "
                f"Received instead: {resource!r} (of type {type(resource).__name__})."
            )
        if not resource.built:
            raise ValueError(
                f"The layer provided has not yet been built ({resource.name!r}). It must "
                "be built before export: call it on data or call `build(input_shape)`."
            )
        if any(layer is resource for layer in self._tracked):
            return resource
        self._tracked.append(resource)
        known = {id(v) for v in self._variables}
        for variable in resource.variables:
            if id(variable) not in known:
                known.add(id(variable))
                self._variables.append(variable)
        return resource

    def _check_name(self, name, what):
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(
                f"The {what} name must be a Python identifier (it becomes an attribute "
                f"of the loaded object); got {name!r}."
            )
        if name in self._endpoints or name in self._collections or name in _RESERVED:
            raise ValueError(f"{what.capitalize()} name {name!r} is already taken.")

    def add_endpoint(self, name, fn, input_signature=None, **kwargs):
        """Adds `fn` as the function `name` of the artifact.

        Args:
            name: the attribute the loaded object calls it by (`reloaded.<name>(...)`).
            fn: a function of keras.ops and tracked layers (or a `tf.function`).
            input_signature: one entry per positional argument of `fn`: a
                keras.InputSpec, a tf.TensorSpec or a KerasTensor (None for a dynamic
                size), or a list/dict of them. It may be left out only when `fn` is a
                `tf.function` with an input signature or traced exactly once.

        Returns the traced function (a `tf.function`).
        """
        self._check_name(name, "endpoint")
        unknown = sorted(set(kwargs) - set(_IGNORED_ENDPOINT_KWARGS))
        if unknown:
            raise TypeError(
                f"add_endpoint({name!r}): unexpected keyword arguments {unknown}; it "
                f"takes name, fn, input_signature (and {', '.join(_IGNORED_ENDPOINT_KWARGS)}"
                ", which apply to Keras 3's jax2tf conversion and are ignored here)."
            )
        if not callable(fn):
            raise ValueError(f"add_endpoint({name!r}): `fn` must be callable; got {fn!r}.")
        if input_signature is None:
            input_signature = self._engine().signature_of(fn)
            if input_signature is None:
                raise ValueError(
                    f"add_endpoint({name!r}): the function {fn!r} has no input signature: "
                    "it is not a `tf.function` with an `input_signature`, nor one traced "
                    "exactly once. Pass `input_signature=[keras.InputSpec(shape=(None, "
                    "...), dtype='float32')]`, one entry per positional argument of `fn`."
                )
        signature = tracing.input_signature(None, input_signature)
        traced = self._engine().trace(name, fn, signature, self._variables)
        self._endpoints[name] = traced
        return traced

    def track_and_add_endpoint(self, name, resource, input_signature=None, **kwargs):
        """Tracks `resource` (a Layer or Model) and adds its call as endpoint `name`.

        Keyword arguments that are not add_endpoint's own are passed to the call (e.g.
        `training=False`)."""
        self.track(resource)
        endpoint_kwargs = {k: kwargs.pop(k) for k in _IGNORED_ENDPOINT_KWARGS if k in kwargs}
        if input_signature is None:
            input_signature = tracing.input_signature(resource)

        def call(*args):
            return resource(*args, **kwargs)

        return self.add_endpoint(name, call, input_signature, **endpoint_kwargs)

    def add_variable_collection(self, name, variables):
        """Saves `variables` (a list or dict of keras Variables) as tf.Variables that the
        loaded object holds as attribute `name` (a list or a dict, as given)."""
        self._check_name(name, "variable collection")
        if isinstance(variables, dict):
            items = variables.items()
        elif isinstance(variables, (list, tuple, set)):
            items = enumerate(variables)
        else:
            raise ValueError(
                f"add_variable_collection({name!r}): expected `variables` to be a list, "
                f"tuple or dict of keras Variables; received {type(variables).__name__}."
            )
        for key, variable in items:
            if not isinstance(variable, variables_lib.Variable):
                raise ValueError(
                    f"add_variable_collection({name!r}): every item must be a keras "
                    f"Variable; item {key!r} is a {type(variable).__name__}."
                )
        if isinstance(variables, dict):
            self._collections[name] = dict(variables)
        else:
            self._collections[name] = list(variables)

    def write_out(self, filepath, options=None, verbose=None):
        """Writes the archive as a SavedModel directory at `filepath`.

        Args:
            filepath: the directory to write (str or PathLike).
            options: a `tf.saved_model.SaveOptions`, passed to `tf.saved_model.save`.
            verbose: whether to print the endpoints written (default: True).
        """
        if not self._endpoints:
            raise ValueError(
                "No endpoints have been set yet. Call add_endpoint() (or "
                "track_and_add_endpoint()) before write_out()."
            )
        filepath = os.fspath(filepath)
        serving = "serve" if "serve" in self._endpoints else next(iter(self._endpoints))
        summary = self._engine().write(
            filepath,
            endpoints=self._endpoints,
            serving=serving,
            variables=self._variables,
            collections=self._collections,
            options=options,
        )
        if verbose is None or verbose:
            print(summary)
