"""SimpleRNNCell and SimpleRNN: `h_t = activation(x_t @ kernel + h_{t-1} @
recurrent_kernel + bias)`."""

from keras import ops
from keras.layers.layer import Layer
from keras.layers.rnn import cell_common
from keras.layers.rnn import dropout_rnn_cell
from keras.layers.rnn.rnn import RNN


class SimpleRNNCell(dropout_rnn_cell.DropoutRNNCell, Layer):
    """The cell of a fully connected RNN whose output is fed back as its state.

    Args:
        units: positive int, the size of the output (and the state).
        activation: applied to the output ("tanh"; None for the identity).
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers of
            `kernel` `(input_dim, units)`, `recurrent_kernel` `(units, units)` and
            `bias` `(units,)`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: their
            regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: their constraints.
        dropout: fraction of the inputs dropped in training (one mask per call).
        recurrent_dropout: fraction of the previous output dropped in training.
        seed: seed of the dropout masks.
        **kwargs: base Layer arguments.

    >>> rnn = keras.layers.RNN(keras.layers.SimpleRNNCell(4))
    >>> rnn(np.ones((2, 5, 3))).shape
    (2, 4)
    """

    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
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
        cell_common.init_cell(
            self, units, dropout, recurrent_dropout, seed, activation, use_bias,
            kernel_initializer, recurrent_initializer, bias_initializer,
            kernel_regularizer, recurrent_regularizer, bias_regularizer,
            kernel_constraint, recurrent_constraint, bias_constraint,
        )
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        cell_common.build_weights(self, input_shape[-1], self.units, (self.units,))

    def call(self, sequence, states, training=False):
        is_list = isinstance(states, (list, tuple))
        previous = states[0] if is_list else states
        if training and self.dropout > 0:
            sequence = sequence * self.get_dropout_mask(sequence)
        h = ops.matmul(sequence, self.kernel)
        if self.bias is not None:
            h = h + self.bias
        if training and self.recurrent_dropout > 0:
            previous = previous * self.get_recurrent_dropout_mask(previous)
        output = h + ops.matmul(previous, self.recurrent_kernel)
        if self.activation is not None:
            output = self.activation(output)
        return output, ([output] if is_list else output)

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, self.state_size), dtype=self.compute_dtype)]

    def get_config(self):
        config = super().get_config()
        config.update(cell_common.cell_config(self))
        config["seed"] = self.seed
        return config


class SimpleRNN(cell_common.CellAttributes, RNN):
    """A fully connected RNN whose output is fed back as its state (a `SimpleRNNCell`
    run by `RNN`).

    Takes the arguments of `SimpleRNNCell` (its weights live in `layer.cell`), those of
    `RNN` (`return_sequences`, `return_state`, `go_backwards`, `stateful`, `unroll`),
    and `activity_regularizer`.

    >>> layer = keras.layers.SimpleRNN(4, return_sequences=True)
    >>> layer(np.ones((2, 5, 3))).shape
    (2, 5, 4)
    """

    _CELL_FIELDS = cell_common.FIELDS

    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        seed=None,
        **kwargs,
    ):
        cell = SimpleRNNCell(
            units,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
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
            name="simple_rnn_cell",
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

    def get_config(self):
        # Keras 3 leaves `seed` out of SimpleRNN configs (not of SimpleRNNCell's).
        return cell_common.layer_config(self, RNN.get_config(self), self._CELL_FIELDS)
