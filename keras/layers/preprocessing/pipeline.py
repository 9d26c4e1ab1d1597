"""Pipeline: a chain of preprocessing layers applied one after the other.

Unlike a `Sequential` model, a Pipeline is a plain layer: it has no inputs of its own,
it passes any structure (a tensor, or a dict such as `{"images": ..., "labels": ...}`)
from one layer to the next unchanged in kind, and it can be mapped over a `tf.data`
dataset (each layer inside decides how to run there).
"""

from keras.layers.layer import Layer
from keras.saving import serialization_lib


class Pipeline(Layer):
    """Applies `layers` in order, feeding each one the output of the previous one.

    Args:
        layers: a list of layers (typically preprocessing or augmentation layers).
        name: the name of the layer.
    """

    def __init__(self, layers, name=None):
        super().__init__(name=name)
        if not isinstance(layers, (list, tuple)) or not all(
            isinstance(layer, Layer) for layer in layers
        ):
            raise ValueError(
                "`layers` must be a list of Layer instances; received "
                f"layers={layers!r}."
            )
        self._pipeline_layers = list(layers)
        # Nothing of its own to build: each layer builds on its first call.
        self.built = True

    @property
    def layers(self):
        """The layers of the pipeline, in the order they are applied."""
        return self._pipeline_layers

    def call(self, inputs, training=True, mask=None):
        outputs = inputs
        for layer in self._pipeline_layers:
            kwargs = {"training": training}
            if mask is not None and layer._signature().has_mask:
                kwargs["mask"] = mask
            outputs = layer(outputs, **kwargs)
            # The next layer gets the mask this one attached (if any), as Keras does.
            masks = [getattr(x, "_keras_mask", None) for x in _flatten(outputs)]
            mask = masks[0] if len(masks) == 1 else None
        return outputs

    def get_config(self):
        return {
            "layers": serialization_lib.serialize_keras_object(self._pipeline_layers),
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        layers = config.pop("layers")
        if isinstance(layers, list) and layers and isinstance(layers[0], dict):
            layers = [serialization_lib.deserialize_keras_object(x) for x in layers]
        return cls(layers=layers, **config)


def _flatten(structure):
    if isinstance(structure, dict):
        return [x for value in structure.values() for x in _flatten(value)]
    if isinstance(structure, (list, tuple)):
        return [x for value in structure for x in _flatten(value)]
    return [structure]
