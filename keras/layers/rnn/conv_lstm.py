"""ConvLSTMCell and ConvLSTM: the LSTM recurrence with convolutions in place of the
matrix products (Shi et al., 2015), over 1, 2 or 3 spatial dims.

The public layers are ConvLSTM1D, ConvLSTM2D and ConvLSTM3D, thin subclasses of
`ConvLSTM` fixing the rank. As in Keras 3, the cell and the base are not public.
"""

from keras import activations
from keras import initializers
from keras import ops
from keras.backends import active
from keras.backends.common import tree
from keras.layers import input_spec as input_spec_lib
from keras.layers.layer import Layer
from keras.layers.rnn import cell_common
from keras.layers.rnn import dropout_rnn_cell
from keras.layers.rnn import lstm
from keras.layers.rnn import rnn as rnn_lib
from keras.layers.rnn import time_loop
from keras.ops import operation_utils
from keras.utils import argument_validation

# The cell arguments, in the order of Keras 3's configs (cell and layer alike; the
# layer's `activity_regularizer` sits among them).
_FIELDS = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
    "activation",
    "recurrent_activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "unit_forget_bias",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
    "seed",
)


def _check_padding(value, layer):
    if not isinstance(value, str) or value.lower() not in ("valid", "same"):
        raise ValueError(
            f"{layer}: `padding` must be 'valid' or 'same'; got padding={value!r}."
        )
    return value.lower()


class ConvLSTMCell(dropout_rnn_cell.DropoutRNNCell, Layer):
    """One step of a convolutional LSTM over `rank` spatial dims.

    With `z = conv(x_t, kernel) + conv(h, recurrent_kernel) + bias` split along the
    channels into four (i, f, g, o): `c_t = sigma(f) * c + sigma(i) * act(g)` and
    `h_t = sigma(o) * act(c_t)`, sigma being `recurrent_activation`. The input
    convolution uses `strides`, `padding` and `dilation_rate`; the recurrent one keeps
    the state's size (stride 1, "same" padding). Its states are `[h, c]`, each shaped
    as the input convolution's output with `filters` channels.

    Args:
        rank: the number of spatial dims (1, 2 or 3).
        filters: positive int, the channels of the output and of each state.
        kernel_size: int or tuple of `rank` ints, the window of both kernels.
        strides: int or tuple of `rank` ints, of the input convolution.
        padding: "valid" or "same" (any case), of the input convolution.
        data_format: "channels_last" or "channels_first" (None: the config's).
        dilation_rate: int or tuple of `rank` ints, of the input convolution; cannot
            exceed 1 together with `strides`.
        activation: `act` above ("tanh").
        recurrent_activation: the gates' activation ("sigmoid").
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers of
            `kernel` `kernel_size + (in_channels, 4 * filters)`, `recurrent_kernel`
            `kernel_size + (filters, 4 * filters)` and `bias` `(4 * filters,)`.
        unit_forget_bias: start the forget gate's bias at one.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints.
        dropout, recurrent_dropout: fractions of the inputs and of `h` dropped in
            training (one mask per call).
        seed: seed of the dropout masks.
        **kwargs: base Layer arguments.
    """

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        name = type(self).__name__
        if rank not in (1, 2, 3):
            raise ValueError(f"{name}: `rank` must be 1, 2 or 3; got rank={rank!r}.")
        self.rank = rank
        filters = argument_validation.check_positive_int(filters, "filters", name)
        # init_cell stores them as `units` (the role they play in LSTMCell).
        cell_common.init_cell(
            self, filters, dropout, recurrent_dropout, seed, activation, use_bias,
            kernel_initializer, recurrent_initializer, bias_initializer,
            kernel_regularizer, recurrent_regularizer, bias_regularizer,
            kernel_constraint, recurrent_constraint, bias_constraint,
        )
        self.filters = self.units
        self.kernel_size = argument_validation.standardize_tuple(
            kernel_size, rank, "kernel_size", layer=name
        )
        self.strides = argument_validation.standardize_tuple(
            strides, rank, "strides", layer=name
        )
        self.padding = _check_padding(padding, name)
        self.data_format = argument_validation.standardize_data_format(
            data_format, name
        )
        self.dilation_rate = argument_validation.standardize_tuple(
            dilation_rate, rank, "dilation_rate", layer=name
        )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"{name}: `strides` > 1 cannot be combined with `dilation_rate` > 1; "
                f"got strides={self.strides} and dilation_rate={self.dilation_rate}."
            )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        # Two states of `filters` channels each (their spatial size comes from the
        # inputs); RNN counts the states from this.
        self.state_size = [self.filters, self.filters]
        self.input_spec = input_spec_lib.InputSpec(ndim=rank + 2)

    @property
    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        channels = input_shape[self._channel_axis]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the channels axis of the inputs "
                f"must be defined; got input_shape={input_shape} with "
                f"data_format={self.data_format!r}."
            )
        width = 4 * self.filters
        self.kernel = self.add_weight(
            shape=self.kernel_size + (int(channels), width),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, width),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            bias_initializer = self.bias_initializer
            if self.unit_forget_bias:
                bias_initializer = lstm._ForgetBias(self.bias_initializer, self.filters)
            self.bias = self.add_weight(
                shape=(width,),
                name="bias",
                initializer=bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def state_shape(self, input_shape):
        """The shape of each state for step inputs of `input_shape` (batch first)."""
        return operation_utils.compute_conv_output_shape(
            tuple(input_shape),
            self.filters,
            self.kernel_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )

    def call(self, inputs, states, training=False):
        h, c = states[0], states[1]
        if training and self.dropout > 0:
            inputs = inputs * self.get_dropout_mask(inputs)
        if training and self.recurrent_dropout > 0:
            h = h * self.get_recurrent_dropout_mask(h)
        z = ops.conv(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        z = z + ops.conv(
            h,
            self.recurrent_kernel,
            strides=1,
            padding="same",
            data_format=self.data_format,
        )
        if self.bias is not None:
            bias = self.bias
            if self.data_format == "channels_first":
                # (channels,) -> (channels, 1, ..., 1) to broadcast over space.
                bias = ops.reshape(bias, (-1,) + (1,) * self.rank)
            z = z + bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=self._channel_axis)
        gate = self.recurrent_activation
        c = gate(z_f) * c + gate(z_i) * self.activation(z_g)
        h = gate(z_o) * self.activation(c)
        return h, [h, c]

    def get_config(self):
        config = super().get_config()
        config.update(cell_common.cell_config(self, _FIELDS))
        return config

    @classmethod
    def from_config(cls, config):
        # Keras 3 writes no `rank`: the kernel size's length gives it.
        config = dict(config)
        rank = config.pop("rank", None) or len(config["kernel_size"])
        return cls(rank, **config)


class ConvLSTM(cell_common.CellAttributes, rnn_lib.RNN):
    """Base of ConvLSTM1D/2D/3D: a `ConvLSTMCell` of `rank` spatial dims run by `RNN`.

    Takes the arguments of `ConvLSTMCell` (its weights live in `layer.cell`), those of
    `RNN` (`return_sequences`, `return_state`, `go_backwards`, `stateful`, `unroll`,
    `zero_output_for_mask`) and `activity_regularizer`. The inputs are
    `(batch, time, *spatial, channels)` (channels_last) or
    `(batch, time, channels, *spatial)` (channels_first), with static spatial dims.
    """

    _CELL_FIELDS = _FIELDS

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        **kwargs,
    ):
        cell = ConvLSTMCell(
            rank,
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            **cell_common.cell_kwargs(kwargs),
            name="conv_lstm_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.rank = rank
        self.input_spec = input_spec_lib.InputSpec(ndim=rank + 3)

    def _step_shape(self, sequences_shape):
        """The shape of one time step of `sequences_shape`; its spatial dims must be
        static (the states are shaped after them)."""
        sequences_shape = tuple(sequences_shape)
        if len(sequences_shape) != self.rank + 3:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': inputs must have rank "
                f"{self.rank + 3} (batch, time, {self.rank} spatial dims and "
                f"channels); got input_shape={sequences_shape}."
            )
        step = (sequences_shape[0],) + sequences_shape[2:]
        spatial = operation_utils.spatial_shape(step, self.cell.data_format)
        if any(size is None for size in spatial):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the spatial dims of the inputs "
                f"must be static; got input_shape={sequences_shape}."
            )
        return step

    def build(self, sequences_shape, initial_state_shape=None):
        step = self._step_shape(sequences_shape)
        if not self.cell.built:
            self.cell.build(step)
        self._state_shape = tuple(self.cell.state_shape(step)[1:])
        if not self.stateful:
            return
        if self._held.variables is not None:
            self.reset_state()
            return
        batch = step[0]
        if batch is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': with `stateful=True` the batch "
                "size must be static; got input_shape="
                f"{tuple(sequences_shape)}."
            )
        # A new holder, so that the layer's tracking sees the new variables.
        self._held = rnn_lib._Held([
            active.Variable(
                initializers.Zeros(),
                shape=(batch,) + self._state_shape,
                dtype=self.variable_dtype,
                trainable=False,
                name="rnn_state",
            )
            for _ in range(2)
        ])

    def get_initial_state(self, batch_size):
        """Zero states `(batch_size, *state_shape)` (the layer must be built)."""
        dtype = self.cell.compute_dtype
        return [
            ops.zeros((batch_size,) + self._state_shape, dtype=dtype)
            for _ in range(2)
        ]

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if mask is not None:
            mask = tree.flatten(mask)[0]
        states = self._initial_states(sequences, initial_state)
        cell = self.cell
        training = bool(training)
        if training:
            # Drawn before the loop (the loop body draws nothing, see
            # DropoutRNNCell); each mask is shaped as what it multiplies.
            cell.get_dropout_mask(sequences[:, 0])
            cell.get_recurrent_dropout_mask(states[0])

        def step(inputs, flat):
            output, new_states = cell(inputs, list(flat), training=training)
            return output, list(new_states)

        last_output, outputs, final_states = time_loop.run(
            step,
            sequences,
            states,
            states[0],
            mask=mask,
            go_backwards=self.go_backwards,
            unroll=self.unroll,
            zero_output_for_mask=self.zero_output_for_mask,
            return_sequences=self.return_sequences,
        )
        if training:
            cell.reset_dropout_mask()
            cell.reset_recurrent_dropout_mask()
        if self.stateful:
            for variable, value in zip(self._held.variables, final_states):
                variable.assign(value)
        output = outputs if self.return_sequences else last_output
        if not self.return_state:
            return output
        return (output, *final_states)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        step = self._step_shape(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        if self.unroll and steps is None:
            raise ValueError(
                f"Layer '{self.name}': cannot unroll an RNN whose number of time steps "
                f"is not static; received sequences of shape {sequences_shape}. "
                "Pass `unroll=False`."
            )
        state = (batch,) + tuple(self.cell.state_shape(step)[1:])
        if self.return_sequences:
            output = (batch, steps) + state[1:]
        else:
            output = state
        if not self.return_state:
            return output
        return (output, state, state)

    def get_config(self):
        return cell_common.layer_config(self, rnn_lib.RNN.get_config(self), _FIELDS)


def _layer_doc(rank, example_input, example_output):
    spatial = ("steps",) if rank == 1 else ("rows", "cols") if rank == 2 else (
        "dim1", "dim2", "dim3")
    dims = ", ".join(spatial)
    return f"""{rank}D convolutional LSTM: an LSTM whose input and recurrent
    transformations are {rank}D convolutions.

    Args: those of `ConvLSTMCell` for rank {rank} (`filters`, `kernel_size`,
    `strides`, `padding`, `data_format`, `dilation_rate`, `activation`,
    `recurrent_activation`, `use_bias`, the initializers, `unit_forget_bias`, the
    regularizers, `activity_regularizer`, the constraints, `dropout`,
    `recurrent_dropout`, `seed`) and those of `RNN` (`return_sequences`,
    `return_state`, `go_backwards`, `stateful`, `unroll`).

    Inputs: `(batch, time, {dims}, channels)` with channels_last, or
    `(batch, time, channels, {dims})` with channels_first; the spatial dims must be
    static. Outputs: the last `h` (the states' shape), or every step's with
    `return_sequences`; `return_state` appends the final `h` and `c`. A `mask`
    `(batch, time)` makes a masked step keep the states.

    >>> layer = keras.layers.ConvLSTM{rank}D(2, 3)
    >>> layer(np.ones({example_input})).shape
    {example_output}
    """


def _arguments(given):
    """The arguments of a ConvLSTMnD `__init__` (its `locals()`), for ConvLSTM."""
    arguments = {
        k: v for k, v in given.items() if k not in ("self", "kwargs", "__class__")
    }
    arguments.update(given["kwargs"])
    return arguments


class ConvLSTM1D(ConvLSTM):
    __doc__ = _layer_doc(1, "(2, 4, 8, 3)", "(2, 6, 2)")

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        super().__init__(1, **_arguments(locals()))


class ConvLSTM2D(ConvLSTM):
    __doc__ = _layer_doc(2, "(2, 4, 8, 8, 3)", "(2, 6, 6, 2)")

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        super().__init__(2, **_arguments(locals()))


class ConvLSTM3D(ConvLSTM):
    __doc__ = _layer_doc(3, "(2, 4, 5, 5, 5, 3)", "(2, 3, 3, 3, 2)")

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        super().__init__(3, **_arguments(locals()))
