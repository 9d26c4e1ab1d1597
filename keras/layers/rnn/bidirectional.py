"""Bidirectional: runs a recurrent layer over a sequence in both directions."""

from keras import ops
from keras.backends.common import tree
from keras.layers.core.wrapper import serialize_layer
from keras.layers.layer import Layer
from keras.saving import serialization_lib

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)
_MATCHING = ("stateful", "return_sequences", "return_state")
_PREFIX = "forward_"


def _check_recurrent(layer, argument):
    if not isinstance(layer, Layer):
        raise ValueError(
            f"Bidirectional: argument `{argument}` must be a `keras.layers.Layer` "
            f"instance (a recurrent layer); received {argument}={layer!r} (of type "
            f"{type(layer).__name__})."
        )
    missing = [
        attr for attr in ("go_backwards",) + _MATCHING if not hasattr(layer, attr)
    ]
    if missing:
        raise ValueError(
            f"Bidirectional: argument `{argument}` must be a recurrent layer with "
            "the attributes `go_backwards`, `return_sequences`, `return_state` and "
            f"`stateful` (such as an RNN or LSTM); received {argument}={layer!r}, "
            f"which lacks {missing}."
        )


def _recreate(layer, name, go_backwards):
    """A fresh copy of `layer` (from its config, without its weights) with `name`,
    running in the direction `go_backwards`."""
    config = dict(layer.get_config())
    config["name"] = name
    config["go_backwards"] = go_backwards
    if "zero_output_for_mask" in config:
        # Masked steps output zeros in both directions, so that the reversed backward
        # sequence lines up with the forward one.
        config["zero_output_for_mask"] = bool(config.get("return_sequences"))
    cell = config.get("cell")
    if isinstance(cell, dict) and "build_config" in cell:
        # The copy builds its cell under the Bidirectional's name scope.
        config["cell"] = {k: v for k, v in cell.items() if k != "build_config"}
    return type(layer).from_config(config)


def _state_count(layer):
    cell = getattr(layer, "cell", None)
    if cell is None:
        return 0
    sizes = cell.state_size
    return len(tree.flatten(sizes)) if isinstance(sizes, (list, tuple)) else 1


class Bidirectional(Layer):
    """Runs a recurrent layer forwards and a copy of it backwards over the inputs,
    then merges the two outputs.

    The forward layer is a fresh copy of `layer` named `forward_<name>`; the backward
    one is `backward_layer`, or else a copy named `backward_<name>` with the opposite
    `go_backwards`. With `return_sequences`, the backward output sequence is reversed
    again, so that step `t` of both outputs belongs to input step `t`.

    Args:
        layer: a recurrent layer (`RNN`, `LSTM`, `GRU`, ...), or any layer with the
            attributes `go_backwards`, `return_sequences`, `return_state` and
            `stateful` and a config that `from_config` rebuilds.
        merge_mode: how the two outputs combine: `"concat"` (last axis, the
            default), `"sum"`, `"mul"`, `"ave"` (their mean) or None (a tuple of the
            forward and the backward outputs).
        weights: optional initial weights, the forward layer's then the backward
            layer's, set when the layer is built.
        backward_layer: optional layer for the backward direction: it must have the
            opposite `go_backwards` and the same `stateful`, `return_sequences` and
            `return_state` as `layer`.
        **kwargs: base layer arguments (`name`, `dtype`, ...).

    Call arguments: `sequences` `(batch, time, features)`, optional `initial_state`
    (a list: the forward layer's states then the backward layer's), `mask`
    `(batch, time)` and `training`. With `return_state`, the outputs are the merged
    output (two outputs when `merge_mode` is None), then the forward layer's final
    states, then the backward layer's.

    >>> layer = keras.layers.Bidirectional(keras.layers.LSTM(4))
    >>> layer(np.ones((2, 5, 3))).shape
    (2, 8)
    """

    def __init__(
        self,
        layer,
        merge_mode="concat",
        weights=None,
        backward_layer=None,
        **kwargs,
    ):
        _check_recurrent(layer, "layer")
        if backward_layer is not None:
            _check_recurrent(backward_layer, "backward_layer")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                "Bidirectional: argument `merge_mode` must be one of 'sum', 'mul', "
                f"'ave', 'concat' or None; received merge_mode={merge_mode!r}."
            )
        if backward_layer is not None:
            if bool(backward_layer.go_backwards) == bool(layer.go_backwards):
                raise ValueError(
                    "Bidirectional: `backward_layer` must have the opposite "
                    "`go_backwards` of `layer`; received layer.go_backwards="
                    f"{layer.go_backwards} and backward_layer.go_backwards="
                    f"{backward_layer.go_backwards}."
                )
            for attr in _MATCHING:
                forward_value = getattr(layer, attr)
                backward_value = getattr(backward_layer, attr)
                if bool(forward_value) != bool(backward_value):
                    raise ValueError(
                        f"Bidirectional: `backward_layer` must have the same `{attr}` "
                        f"as `layer`; received layer.{attr}={forward_value} and "
                        f"backward_layer.{attr}={backward_value}."
                    )
        super().__init__(**kwargs)
        # Forward first: the weights list the forward layer's before the backward's.
        self.forward_layer = _recreate(
            layer, _PREFIX + layer.name, bool(layer.go_backwards)
        )
        if backward_layer is None:
            backward_layer = _recreate(
                layer, "backward_" + layer.name, not layer.go_backwards
            )
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode
        self.return_sequences = bool(layer.return_sequences)
        self.return_state = bool(layer.return_state)
        self.stateful = bool(layer.stateful)
        self._initial_weights = list(weights) if weights is not None else None
        self.supports_masking = True

    @property
    def states(self):
        """The state variables of a stateful layer: the forward layer's, then the
        backward layer's (None when not stateful)."""
        forward = getattr(self.forward_layer, "states", None)
        backward = getattr(self.backward_layer, "states", None)
        if forward is None or backward is None:
            return None
        return list(forward) + list(backward)

    def reset_state(self):
        """Sets the states of both directions of a stateful layer to zeros."""
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self):
        """Same as `reset_state` (the older name)."""
        self.reset_state()

    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        for layer in (self.forward_layer, self.backward_layer):
            if not layer.built:
                layer.build(sequences_shape)
                layer.built = True
        if self._initial_weights is not None:
            weights = self._initial_weights
            self._initial_weights = None
            half = len(weights) // 2
            self.forward_layer.set_weights(weights[:half])
            self.backward_layer.set_weights(weights[half:])

    def _split_initial_state(self, initial_state):
        if initial_state is None:
            return None, None
        states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [
            initial_state
        ]
        if len(states) % 2:
            raise ValueError(
                f"Bidirectional '{self.name}': `initial_state` must be a list holding "
                "the forward layer's states then the backward layer's (an even "
                f"number of tensors); received {len(states)} tensors."
            )
        half = len(states) // 2
        return states[:half], states[half:]

    def call(self, sequences, initial_state=None, mask=None, training=None):
        forward_state, backward_state = self._split_initial_state(initial_state)
        if mask is not None:
            mask = tree.flatten(mask)[0]
        kwargs = {"mask": mask}
        if training is not None:
            kwargs["training"] = training
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_back = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = []
        if self.return_state:
            states = list(y[1:]) + list(y_back[1:])
            y, y_back = y[0], y_back[0]
        if self.return_sequences:
            # The backward layer emits its sequence last step first.
            y_back = ops.flip(y_back, axis=1)
        if self.merge_mode == "concat":
            outputs = (ops.concatenate([y, y_back], axis=-1),)
        elif self.merge_mode == "sum":
            outputs = (y + y_back,)
        elif self.merge_mode == "ave":
            outputs = ((y + y_back) / 2,)
        elif self.merge_mode == "mul":
            outputs = (y * y_back,)
        else:
            outputs = (y, y_back)
        if not self.return_state and len(outputs) == 1:
            return outputs[0]
        return outputs + tuple(states)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        forward = self.forward_layer.compute_output_shape(sequences_shape)
        backward = self.backward_layer.compute_output_shape(sequences_shape)
        states = ()
        if self.return_state:
            states = tuple(forward[1:]) + tuple(backward[1:])
            forward, backward = forward[0], backward[0]
        forward, backward = tuple(forward), tuple(backward)
        if self.merge_mode == "concat":
            last = None
            if forward[-1] is not None and backward[-1] is not None:
                last = forward[-1] + backward[-1]
            outputs = (forward[:-1] + (last,),)
        elif self.merge_mode is None:
            outputs = (forward, backward)
        else:
            outputs = (forward,)
        if not self.return_state and len(outputs) == 1:
            return outputs[0]
        return outputs + states

    def compute_mask(self, _, mask):
        if mask is not None:
            mask = tree.flatten(mask)[0]
        output_mask = mask if self.return_sequences else None
        masks = [output_mask] if self.merge_mode is not None else [output_mask] * 2
        if self.return_state:
            count = _state_count(self.forward_layer) + _state_count(self.backward_layer)
            return masks + [None] * count
        return masks[0] if len(masks) == 1 else masks

    def get_config(self):
        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialize_layer(self.forward_layer)
        config["backward_layer"] = serialize_layer(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer_config = dict(config["layer"])
        inner = dict(layer_config.get("config", {}))
        name = inner.get("name")
        if isinstance(name, str) and name.startswith(_PREFIX):
            # The forward copy takes the prefix again in __init__.
            inner["name"] = name[len(_PREFIX) :]
        layer_config["config"] = inner
        config["layer"] = serialization_lib.deserialize_keras_object(
            layer_config, custom_objects=custom_objects
        )
        if config.get("backward_layer") is not None:
            config["backward_layer"] = serialization_lib.deserialize_keras_object(
                config["backward_layer"], custom_objects=custom_objects
            )
        return cls(**config)
