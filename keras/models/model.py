"""Model: a Layer with model-level tools (summary, get_layer; training arrives with the
trainers). `keras.Model(inputs, outputs)` builds a Functional model; subclass `Model` and
define `call` for a subclassed one."""

import json
import warnings

from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.input_layer import InputLayer
from keras.layers.layer import Layer
from keras.models import summary as summary_lib
from keras.ops import operation as operation_lib
from keras.saving import serialization_lib
from keras.trainers.active_trainer import Trainer


def _functional_arguments(args, kwargs):
    return ("inputs" in kwargs and "outputs" in kwargs) or (
        len(args) >= 2 or (len(args) == 1 and "outputs" in kwargs)
    )


class Model(Trainer, Layer):
    """A group of layers with training and inference features.

    Two ways to make one:

    * functional: `keras.Model(inputs=inputs, outputs=outputs)` where `outputs` were
      computed from `inputs = keras.Input(...)` by calling layers;
    * subclassing: define layers in `__init__` and the forward pass in `call`.
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and _functional_arguments(args, kwargs):
            functional = _functional_class()
            return functional.__new__(functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if _functional_arguments(args, kwargs) and type(self) is not _functional_class():
            raise TypeError(
                f"{type(self).__name__}: passing `inputs` and `outputs` to a subclassed "
                "Model is not supported here; build a `keras.Model(inputs, outputs)` and "
                "use it inside your model instead."
            )
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        dtype = kwargs.pop("dtype", None)
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._trainer_init()

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A model from `get_config()`'s output. A functional model's config (one with
        'layers', 'input_layers' and 'output_layers') rebuilds its graph, also when
        called as `keras.Model.from_config`; other models pass it to `__init__`."""
        functional = _functional_class()
        is_functional_config = isinstance(config, dict) and all(
            key in config for key in ("layers", "input_layers", "output_layers")
        )
        if is_functional_config and cls is Model:
            return functional.from_config(config, custom_objects=custom_objects)
        return super().from_config(config)

    @property
    def layers(self):
        """The model's direct sub-layers, in order."""
        return [layer for layer in self._layers if not _is_input_layer(layer)]

    def get_layer(self, name=None, index=None):
        """A sub-layer by name or by index (give exactly one)."""
        if (name is None) == (index is None):
            raise ValueError("get_layer: provide exactly one of `name` and `index`.")
        layers = self.layers
        if index is not None:
            if not isinstance(index, int) or not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"get_layer: index {index!r} is out of range; the model "
                    f"'{self.name}' has {len(layers)} layers."
                )
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No such layer: {name}. Existing layers are: {[l.name for l in layers]}."
        )

    def build(self, input_shape=None):
        """Builds a subclassed model by calling it on symbolic inputs of `input_shape`."""
        if self.built or input_shape is None:
            self.built = True
            return
        inputs = _placeholders(input_shape)
        with operation_lib.no_recording():
            self.call(inputs)
        self.built = True

    def summary(
        self,
        line_length=None,
        positions=None,
        print_fn=None,
        expand_nested=False,
        show_trainable=False,
        layer_range=None,
    ):
        """Prints a table of the layers: name (type), output shape, parameter count
        (and, for functional models, what each layer is connected to), then totals."""
        summary_lib.print_summary(
            self,
            line_length=line_length,
            positions=positions,
            print_fn=print_fn,
            expand_nested=expand_nested,
            show_trainable=show_trainable,
            layer_range=layer_range,
        )

    def quantize(self, mode=None, config=None, filters=None, **kwargs):
        """Quantizes the model's Dense, EinsumDense and Embedding layers in place
        ("int8", "int4" or "float8"; see `Layer.quantize`), or its Dense and
        EinsumDense layers from calibration data ("gptq" with a `GPTQConfig`, "awq"
        with an `AWQConfig`; see keras/models/calibration.py).

        Args:
            mode: the quantization mode (or None to take it from `config`).
            config: a `keras.quantizers` config (e.g. `Int4QuantizationConfig(
                block_size=64)`).
            filters: which layers to quantize: None (all that support it), a regex
                (or a list of them) searched in layer names, or a callable taking a
                layer and returning a bool.
        """
        from keras.layers import quantization

        if kwargs:
            raise TypeError(
                f"Model.quantize: unexpected keyword arguments {sorted(kwargs)}; it "
                "takes `mode`, `config` and `filters`."
            )
        mode = quantization.resolve_mode(mode, config)
        if not self.built:
            quantization.check_layer(self, mode)
        if mode in ("gptq", "awq"):
            from keras.models import calibration

            calibration.quantize_model(self, mode, config, filters)
            self.__dict__.pop("_step_functions", None)
            return
        for layer in self._flatten_layers(include_self=False):
            if type(layer).quantize is Layer.quantize or isinstance(layer, Model):
                continue
            if not quantization.matches(layer, filters):
                continue
            try:
                layer.quantize(mode, config=config)
            except NotImplementedError as error:
                # A subclass of a quantizable layer that does not say how it is
                # quantized stays float, with a warning (as in Keras 3).
                warnings.warn(str(error), stacklevel=2)
        # The compiled steps captured the float variables: make them again.
        self.__dict__.pop("_step_functions", None)

    def get_quantization_layer_structure(self, mode=None):
        """How `quantize("gptq" | "awq")` walks this model: None here (pass
        `quantization_layer_structure` in the config), or, in a subclass, a dict
        `{"pre_block_layers": [...], "sequential_blocks": [...]}` of the layers that
        turn calibration samples into the first block's inputs and of the blocks
        (layers or models, each feeding the next) whose Dense/EinsumDense layers are
        quantized in turn."""
        return None

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model as a `.keras` archive (config, weights, compile arguments and
        optimizer state); see `keras.saving.save_model`."""
        # Imported on use, as in save_weights and load_weights: saving loads h5py, which
        # a model that is never saved need not pay for.
        from keras.saving import saving_api

        saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def __reduce__(self):
        """Pickling (also `copy.deepcopy`) goes through the `.keras` format, as in Keras
        3: the config, weights, compile arguments and optimizer state, held in memory.
        The classes of the model and its layers travel by reference, so custom classes
        need no registration (pickle imports them by name)."""
        import io

        from keras.saving import keras_archive

        buffer = io.BytesIO()
        keras_archive.write(self, buffer)
        return (_unpickle_model, (buffer.getvalue(), _classes_of(self)))

    def export(
        self, filepath, format="tf_saved_model", verbose=None, input_signature=None, **kwargs
    ):
        """Exports the model as an artifact for inference: a TensorFlow SavedModel
        (`format="tf_saved_model"`), an ONNX file (`"onnx"`) or an OpenVINO IR
        (`"openvino"`), whatever backend the model runs on; see
        `keras.export.export_lib.export_model`."""
        # Imported on use: the writers import their engine.
        from keras.export import export_lib

        export_lib.export_model(
            self,
            filepath,
            format=format,
            verbose=verbose,
            input_signature=input_signature,
            **kwargs,
        )

    def to_json(self, **kwargs):
        """The model's config as a JSON string (`keras.models.model_from_json` reverses
        it); extra keyword arguments go to `json.dumps`."""
        config = serialization_lib.serialize_keras_object(self)
        return json.dumps(config, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Saves all weights to a ".weights.h5" file (the Keras 3 layout); see
        `keras.saving.weights_file.save_weights`."""
        from keras.saving import weights_file

        weights_file.save_weights(
            self, filepath, overwrite=overwrite, max_shard_size=max_shard_size
        )

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights from a ".weights.h5" file or a ".keras" archive; see
        `keras.saving.weights_file.load_weights`."""
        from keras.saving import weights_file

        weights_file.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)


def _classes_of(model):
    """{name: class} for the model and every layer inside it, under both the class
    name and the registered name, so that unpickling finds custom classes."""
    from keras.saving import object_registration

    classes = {}
    for layer in [model] + list(model._flatten_layers(include_self=False)):
        cls = type(layer)
        classes[cls.__name__] = cls
        classes[object_registration.get_registered_name(cls)] = cls
    return classes


def _unpickle_model(data, classes):
    import io

    from keras.saving import keras_archive

    # The bytes came from pickle, which can already run any code: safe mode adds
    # nothing here (and would refuse the Lambda layers a pickled model may hold).
    return keras_archive.read(io.BytesIO(data), custom_objects=classes, safe_mode=False)


def _functional_class():
    # Imported on use: functional.py imports this module at its top (a Functional is a
    # Model), and Model(inputs, outputs) makes a Functional. Both are one Bazel target.
    from keras.models.functional import Functional

    return Functional


def _is_input_layer(layer):
    return isinstance(layer, InputLayer)


def _placeholders(shape):
    if isinstance(shape, dict):
        return {k: _placeholders(v) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)) and shape and not all(
        d is None or isinstance(d, int) for d in shape
    ):
        return type(shape)(_placeholders(s) for s in shape)
    return KerasTensor(tuple(shape))

