"""Sequential: a plain stack of layers, each with one input and one output."""

from keras.backends.common import name_scope
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.input_layer import InputLayer
from keras.layers.layer import Layer
from keras.models.functional import Functional
from keras.models.model import Model


class Sequential(Model):
    """A linear stack of layers.

    Build it from a list (`keras.Sequential([keras.Input((4,)), Dense(8), Dense(1)])`) or
    with `add`. With an `Input` first (or an `input_shape` argument on the first layer)
    the model is built at once; otherwise it is built on its first call or by `build`.
    """

    # What Keras 3 writes in a config: {"module": "keras", "registered_name": None}.
    _keras3_serialized_as = ("keras", None)


    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack = []
        self.__dict__["_graph"] = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._rebuild()

    def add(self, layer, rebuild=True):
        """Adds a layer (or a `keras.Input` tensor, first only) on top of the stack."""
        if isinstance(layer, KerasTensor):
            history = layer._keras_history
            if history is None or not isinstance(history.operation, InputLayer):
                raise ValueError(
                    "Sequential.add: a KerasTensor can be added only when it comes from "
                    f"keras.Input; got {layer!r}."
                )
            layer = history.operation
        if not isinstance(layer, Layer):
            raise TypeError(
                "Sequential.add expects a keras.layers.Layer instance; got "
                f"{type(layer).__name__}: {layer!r}."
            )
        if isinstance(layer, InputLayer) and self._stack:
            raise ValueError(
                f"Sequential model '{self.name}': an Input can only be the first layer "
                f"(the model already has {len(self._stack)} layer(s))."
            )
        if any(layer.name == other.name for other in self._stack):
            raise ValueError(
                "All layers added to a Sequential model should have unique names. Name "
                f"'{layer.name}' is already the name of a layer in this model. Update the "
                "`name` argument to pass a unique name."
            )
        self._stack.append(layer)
        if rebuild:
            self._rebuild()

    def pop(self, rebuild=True):
        """Removes and returns the top layer."""
        if not self.layers:
            raise IndexError(f"Sequential model '{self.name}' has no layers to pop.")
        layer = self._stack.pop()
        if rebuild:
            self._rebuild()
        return layer

    def _rebuild(self):
        self.__dict__["_graph"] = None
        self._input_spec = None
        self.built = False
        if not self._stack:
            return
        first = self._stack[0]
        if not isinstance(first, InputLayer):
            shape = getattr(first, "_input_shape_arg", None)
            if shape is None:
                return
            self._stack.insert(0, InputLayer(shape=shape))
            first = self._stack[0]
        if len(self._stack) < 2:
            return
        # Layers built here get variable paths under the model's name
        # ("sequential/dense/kernel"), as when build() runs (and as in Keras 3).
        with name_scope.name_scope(self.name, caller=self):
            self._build_graph(first)

    def _build_graph(self, input_layer):
        inputs = input_layer.output
        x = inputs
        for layer in self._stack[1:]:
            x = layer(x)
            if isinstance(x, (list, tuple, dict)):
                raise ValueError(
                    f"Sequential model '{self.name}': layer '{layer.name}' returned "
                    f"{len(tree.flatten(x))} outputs; every layer of a Sequential model "
                    "must have exactly one output."
                )
        graph = Functional(inputs, x, name=f"{self.name}_graph")
        self.__dict__["_graph"] = graph
        self._input_spec = graph._input_spec
        self.built = True

    def build(self, input_shape=None):
        """Builds the model for inputs of `input_shape` (including the batch dim)."""
        if self._graph is not None:
            self.built = True
            return
        if input_shape is None:
            raise ValueError(
                f"Sequential model '{self.name}' cannot be built without an input shape: "
                "start it with keras.Input(shape), or call it on data, or call "
                "build(input_shape)."
            )
        if not self._stack or not isinstance(self._stack[0], InputLayer):
            self._stack.insert(0, InputLayer(batch_shape=tuple(input_shape)))
        with name_scope.name_scope(self.name, caller=self):
            self._build_graph(self._stack[0])

    def call(self, inputs, training=None, mask=None):
        if self._graph is not None:
            return self._graph.call(inputs, training=training, mask=mask)
        x = inputs
        for layer in self.layers:
            kwargs = {}
            signature = layer._signature()
            if signature.has_training:
                kwargs["training"] = training
            if signature.has_mask and mask is not None:
                kwargs["mask"] = mask
            x = layer(x, **kwargs)
            mask = layer.compute_mask(inputs, mask) if layer.supports_masking else None
        return x

    def compute_output_spec(self, inputs, training=None, mask=None):
        return self.call(inputs, training=training, mask=mask)

    @property
    def layers(self):
        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    @property
    def inputs(self):
        return self._graph.inputs if self._graph is not None else None

    @property
    def outputs(self):
        return self._graph.outputs if self._graph is not None else None

    @property
    def input(self):
        return self._graph.input if self._graph is not None else None

    @property
    def output(self):
        return self._graph.output if self._graph is not None else None

    @property
    def input_shape(self):
        if self._graph is None:
            raise AttributeError(f"Sequential model '{self.name}' is not built yet.")
        return self._graph.input_shape

    @property
    def output_shape(self):
        if self._graph is None:
            raise AttributeError(f"Sequential model '{self.name}' is not built yet.")
        return self._graph.output_shape

    def get_config(self):
        from keras.saving import serialization_lib

        layers = [serialization_lib.serialize_keras_object(layer) for layer in self._stack]
        for entry, layer in zip(layers, self._stack):
            build_config = layer.get_build_config()
            if build_config is not None and not isinstance(layer, InputLayer):
                entry["build_config"] = build_config
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": Model.get_config(self)["dtype"],
            "layers": layers,
        }
        if self._graph is not None:
            config["build_input_shape"] = self._graph.input_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from keras.saving import serialization_lib

        if not isinstance(config, dict) or not isinstance(config.get("layers"), list):
            raise ValueError(
                "A Sequential config must be a dict with a 'layers' list; got "
                f"{str(config)[:200]}."
            )
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for index, entry in enumerate(config["layers"]):
            inner = entry.get("config") if isinstance(entry, dict) else None
            name = inner.get("name") if isinstance(inner, dict) else None
            where = f"layer {name!r} (layers[{index}] of the Sequential config)"
            # Built under the model's name, as the variables of a model built from
            # an Input are ("seq/d1/kernel"): a rebuilt model has the same paths.
            with serialization_lib.config_path(where), name_scope.name_scope(model.name):
                layer = serialization_lib.deserialize_keras_object(
                    entry, custom_objects=custom_objects
                )
                if isinstance(entry, dict) and entry.get("build_config") and not layer.built:
                    layer.build_from_config(entry["build_config"])
            model.add(layer, rebuild=False)
        model._rebuild()
        shape = config.get("build_input_shape")
        if not model.built and shape is not None:
            model.build(shape)
        return model
