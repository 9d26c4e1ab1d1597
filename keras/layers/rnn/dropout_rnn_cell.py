"""DropoutRNNCell: the dropout masks a recurrent cell reuses at every time step."""

from keras import ops
from keras import random


class DropoutRNNCell:
    """Mixin of the cells with `dropout` and `recurrent_dropout`.

    A cell drops the same entries at every time step of one call: the masks are drawn
    once (`RNN` draws them before its time loop, so that the loop itself draws nothing
    and stays a pure function on JAX) and cleared when the call ends. The cell needs the
    attributes `dropout`, `recurrent_dropout` and `seed_generator`.
    """

    def _draw(self, like, rate):
        ones = ops.ones_like(like)
        return random.dropout(ones, rate=rate, seed=self.seed_generator)

    def get_dropout_mask(self, step_input):
        """The mask of the inputs (drawn on first use), or None without dropout."""
        if self.__dict__.get("_dropout_mask") is None and self.dropout > 0:
            self.__dict__["_dropout_mask"] = self._draw(step_input, self.dropout)
        return self.__dict__.get("_dropout_mask")

    def get_recurrent_dropout_mask(self, step_input):
        """The mask of the previous output (drawn on first use), or None."""
        if (
            self.__dict__.get("_recurrent_dropout_mask") is None
            and self.recurrent_dropout > 0
        ):
            self.__dict__["_recurrent_dropout_mask"] = self._draw(
                step_input, self.recurrent_dropout
            )
        return self.__dict__.get("_recurrent_dropout_mask")

    def reset_dropout_mask(self):
        """Forgets the input mask: the next call draws a new one."""
        self.__dict__["_dropout_mask"] = None

    def reset_recurrent_dropout_mask(self):
        """Forgets the recurrent mask: the next call draws a new one."""
        self.__dict__["_recurrent_dropout_mask"] = None


def make_seed_generator(cell, seed):
    """Gives `cell` a SeedGenerator when it drops anything (as Keras's Dropout layer,
    only then: a generator nothing advances would be state without a use)."""
    if cell.dropout > 0 or cell.recurrent_dropout > 0:
        cell.seed_generator = random.SeedGenerator(seed)
