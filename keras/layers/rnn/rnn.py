"""RNN: steps a recurrent cell over the time axis of a sequence."""

import inspect

from keras import initializers
from keras import ops
from keras.backends import active
from keras.backends.common import tree
from keras.layers import input_spec as input_spec_lib
from keras.layers.layer import Layer
from keras.layers.rnn import dropout_rnn_cell
from keras.layers.rnn import time_loop
from keras.saving import serialization_lib


def _is_nested(value):
    return isinstance(value, (list, tuple))


def state_structure(state_size, leaf):
    """The states of a cell with `state_size`, as `RNN` keeps them: a list with one
    entry per item of `state_size` (an int gives a tensor, a list a nested list), each
    leaf `leaf(size)`."""
    if not _is_nested(state_size):
        return [leaf(state_size)]
    return [
        state_structure(s, leaf) if _is_nested(s) else leaf(s) for s in state_size
    ]


def _flat_sizes(state_size):
    return tree.flatten(state_structure(state_size, lambda s: s))


class _Held:
    """Holds the state variables of a stateful RNN out of sight of weight tracking: as
    in Keras they are neither weights nor saved. They are still among the layer's
    `variables` (the hook metrics use), so that a compiled step, which threads every
    variable through, carries them from one batch to the next."""

    def __init__(self, variables):
        self.variables = variables

    def _metric_variables(self):
        return list(self.variables or ())


class RNN(Layer):
    """Base class of the recurrent layers: runs `cell` over each time step.

    Args:
        cell: an RNN cell (a layer whose `call(inputs, states)` returns
            `(output, new_states)` and which has a `state_size` and, optionally, an
            `output_size` and `get_initial_state(batch_size)`), or a list of cells,
            stacked into a `StackedRNNCells`.
        return_sequences: return the outputs of every step, `(batch, time, units)`,
            instead of the last one, `(batch, units)`.
        return_state: also return the final states: `[output, *states]`.
        go_backwards: process the sequence last step first; the output sequence then
            comes in that reversed order.
        stateful: the final states of a batch are the initial states of the next
            (needs a fixed batch size); `reset_state()` sets them to zeros.
        unroll: unroll the time loop in Python (static sequence length only): faster
            for short sequences, at the cost of memory.
        zero_output_for_mask: masked steps output zeros instead of the last output.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    Call arguments: `sequences` of shape `(batch, time, features)`, optional
    `initial_state` (a tensor or list of tensors, one per state), `mask` of shape
    `(batch, time)` (a masked step keeps the previous states) and `training`.

    >>> layer = keras.layers.RNN(keras.layers.LSTMCell(4))
    >>> layer(np.ones((2, 5, 3))).shape
    (2, 4)
    """

    def __init__(
        self,
        cell,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        zero_output_for_mask=False,
        **kwargs,
    ):
        if isinstance(cell, (list, tuple)):
            from keras.layers.rnn.stacked_rnn_cells import StackedRNNCells

            cell = StackedRNNCells(cell)
        if not callable(getattr(cell, "call", None)):
            raise ValueError(
                f"Argument `cell` should have a `call` method. Received: cell={cell}"
            )
        if getattr(cell, "state_size", None) is None:
            raise ValueError(
                "Argument `cell` should have a `state_size` attribute (an int or a "
                f"list of ints). Received: cell={cell}"
            )
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self._held = _Held(None)
        self.supports_masking = True
        self.input_spec = input_spec_lib.InputSpec(min_ndim=3)

    @property
    def state_size(self):
        return self.cell.state_size

    @property
    def _output_size(self):
        size = getattr(self.cell, "output_size", None)
        return size if size is not None else _flat_sizes(self.cell.state_size)[0]

    @property
    def states(self):
        """A stateful layer's state variables (as its cell's states), else None."""
        held = self._held.variables
        if held is None:
            return None
        leaves = iter(held)
        return state_structure(self.cell.state_size, lambda _: next(leaves))

    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build((sequences_shape[0],) + sequences_shape[2:])
        if self.stateful:
            if self._held.variables is not None:
                self.reset_state()
                return
            batch = sequences_shape[0]
            if batch is None:
                raise ValueError(
                    "When using `stateful=True` in a RNN, the batch size must be "
                    "static. Found dynamic batch size: "
                    f"sequence.shape={sequences_shape}"
                )
            # A new holder (not a new list in the old one): setting the attribute
            # tells the layer's tracking that its variables changed.
            self._held = _Held([
                active.Variable(
                    initializers.Zeros(),
                    shape=(batch, size),
                    dtype=self.variable_dtype,
                    trainable=False,
                    name="rnn_state",
                )
                for size in _flat_sizes(self.cell.state_size)
            ])

    def reset_state(self):
        """Sets the states of a stateful layer to zeros."""
        for variable in self._held.variables or ():
            variable.assign(ops.zeros(variable.shape, variable.dtype))

    def reset_states(self):
        """Same as `reset_state` (the older name)."""
        self.reset_state()

    def get_initial_state(self, batch_size):
        """The cell's initial states for `batch_size` (zeros unless the cell says)."""
        make = getattr(self.cell, "get_initial_state", None)
        if make is not None:
            states = make(batch_size=batch_size)
            return list(states) if _is_nested(states) else [states]
        dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
        return state_structure(
            self.cell.state_size, lambda s: ops.zeros((batch_size, s), dtype=dtype)
        )

    def _initial_states(self, sequences, initial_state):
        """The flat initial states, in the cell's compute dtype."""
        sizes = _flat_sizes(self.cell.state_size)
        if initial_state is None:
            if self.stateful:
                # A copy: the variables are assigned in place after the loop, which
                # must not change a value autograd (torch) still holds.
                flat = [ops.copy(v.value) for v in self._held.variables]
            else:
                flat = tree.flatten(self.get_initial_state(ops.shape(sequences)[0]))
        else:
            flat = tree.flatten(initial_state)
        if len(flat) != len(sizes):
            raise ValueError(
                f"Layer '{self.name}': `initial_state` must hold {len(sizes)} tensors "
                f"(state_size={self.cell.state_size}); received {len(flat)}."
            )
        dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
        return [ops.convert_to_tensor(s, dtype=dtype) for s in flat]

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if mask is not None:
            mask = tree.flatten(mask)[0]
        flat_states = self._initial_states(sequences, initial_state)
        structure = self.cell.state_size
        training = bool(training)
        if training:
            _draw_dropout_masks(self.cell, sequences[:, 0], flat_states)
        cell_kwargs = {"training": training} if _takes_training(self.cell) else {}

        def step(inputs, flat):
            leaves = iter(flat)
            states = state_structure(structure, lambda _: next(leaves))
            output, new_states = self.cell(inputs, states, **cell_kwargs)
            return output, tree.flatten(new_states)

        previous = flat_states[0]
        cells = _cells(self.cell)
        if len(cells) > 1:
            # A stack: its output is the first state of its last cell.
            previous = flat_states[-len(_flat_sizes(cells[-1].state_size))]
        output_size = self._output_size
        if tuple(previous.shape[1:]) != (output_size,):
            previous = ops.zeros((ops.shape(sequences)[0], output_size), previous.dtype)
        last_output, outputs, final_states = time_loop.run(
            step,
            sequences,
            flat_states,
            previous,
            mask=mask,
            go_backwards=self.go_backwards,
            unroll=self.unroll,
            zero_output_for_mask=self.zero_output_for_mask,
            return_sequences=self.return_sequences,
        )
        if training:
            _reset_dropout_masks(self.cell)
        if self.stateful:
            for variable, value in zip(self._held.variables, final_states):
                variable.assign(value)
        output = outputs if self.return_sequences else last_output
        if not self.return_state:
            return output
        leaves = iter(final_states)
        return (output, *state_structure(structure, lambda _: next(leaves)))

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch, steps = sequences_shape[0], sequences_shape[1]
        if self.unroll and steps is None:
            raise ValueError(
                f"Layer '{self.name}': cannot unroll an RNN whose number of time steps "
                f"is not static; received sequences of shape {tuple(sequences_shape)}. "
                "Pass `unroll=False`."
            )
        size = self._output_size
        if self.return_sequences:
            output_shape = (batch, steps, size)
        else:
            output_shape = (batch, size)
        if not self.return_state:
            return output_shape
        states = state_structure(self.cell.state_size, lambda s: (batch, s))
        return (output_shape, *states)

    def compute_mask(self, _, mask):
        if mask is not None:
            mask = tree.flatten(mask)[0]
        output_mask = mask if self.return_sequences else None
        if not self.return_state:
            return output_mask
        return [output_mask] + [None] * len(_flat_sizes(self.cell.state_size))

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "return_sequences": self.return_sequences,
                "return_state": self.return_state,
                "go_backwards": self.go_backwards,
                "stateful": self.stateful,
                "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask,
                "cell": serialize_cell(self.cell),
            }
        )
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["cell"] = serialization_lib.deserialize_keras_object(
            config["cell"], custom_objects=custom_objects
        )
        return cls(**config)


def serialize_cell(cell):
    """The cell's config entry; its build shapes as lists, as they read back from
    JSON (so that a config survives `from_config` unchanged)."""
    serialized = serialization_lib.serialize_keras_object(cell)
    if isinstance(serialized, dict) and "build_config" in serialized:
        serialized["build_config"] = _lists(serialized["build_config"])
    return serialized


def _lists(value):
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


def _takes_training(cell):
    try:
        return "training" in inspect.signature(cell.call).parameters
    except (TypeError, ValueError):
        return False


def _cells(cell):
    return list(getattr(cell, "cells", None) or [cell])


def _draw_dropout_masks(cell, step_input, flat_states):
    """Draws each cell's dropout masks before the time loop (see DropoutRNNCell)."""
    batch = ops.shape(step_input)[0]
    inputs_size = step_input.shape[-1]
    for inner in _cells(cell):
        if isinstance(inner, dropout_rnn_cell.DropoutRNNCell):
            inner.get_dropout_mask(ops.ones((batch, inputs_size), step_input.dtype))
            units = _flat_sizes(inner.state_size)[0]
            inner.get_recurrent_dropout_mask(
                ops.ones((batch, units), flat_states[0].dtype)
            )
        inputs_size = getattr(inner, "output_size", None) or _flat_sizes(
            inner.state_size
        )[0]


def _reset_dropout_masks(cell):
    for inner in _cells(cell):
        if isinstance(inner, dropout_rnn_cell.DropoutRNNCell):
            inner.reset_dropout_mask()
            inner.reset_recurrent_dropout_mask()
