"""Discretization: buckets continuous values by bin boundaries, given or learned as
approximate quantiles by `adapt`."""

import numpy as np

from keras import ops
from keras.layers.preprocessing import preprocessing_utils as utils
from keras.layers.preprocessing.tf_data_layer import TFDataLayer


class Discretization(TFDataLayer):
    """Maps each value to the index of its bin: `i` with
    `bin_boundaries[i - 1] <= x < bin_boundaries[i]` (0 below the first boundary).

    Args:
        bin_boundaries: increasing boundaries (`len + 1` bins); or give `num_bins`.
        num_bins: the number of bins `adapt` makes, at approximate quantiles.
        epsilon: the rank error `adapt` tolerates, as a fraction of the data (smaller:
            more memory, closer quantiles).
        output_mode: "int" (bin indices), or "one_hot", "multi_hot", "count"
            encodings over the bins.
        sparse: must be False (dense outputs).
        **kwargs: base layer arguments.

    >>> layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0])
    >>> layer(np.array([-1.0, 0.5, 2.0]))
    array([0, 1, 2])
    """

    def __init__(
        self,
        bin_boundaries=None,
        num_bins=None,
        epsilon=0.01,
        output_mode="int",
        sparse=False,
        dtype=None,
        name=None,
    ):
        super().__init__(dtype=dtype, name=name)
        utils.check_output_mode(output_mode, utils.ENCODING_MODES, "Discretization")
        utils.check_sparse(sparse, "Discretization")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Discretization: give either `num_bins` or `bin_boundaries`, not both; "
                f"received num_bins={num_bins!r} and bin_boundaries={bin_boundaries!r}."
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError(
                "Discretization: either `num_bins` or `bin_boundaries` is needed; "
                "received neither."
            )
        if num_bins is not None:
            utils.check_positive_int(num_bins, "num_bins", "Discretization")
        if not isinstance(epsilon, (int, float)) or not 0 < epsilon < 1:
            raise ValueError(
                "Discretization: `epsilon` must be a float in (0, 1); received "
                f"epsilon={epsilon!r}."
            )
        if bin_boundaries is not None:
            bin_boundaries = [float(b) for b in np.asarray(bin_boundaries).ravel()]
            if np.any(np.diff(bin_boundaries) < 0):
                raise ValueError(
                    "Discretization: `bin_boundaries` must be increasing; received "
                    f"bin_boundaries={bin_boundaries}."
                )
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse

    def build(self, input_shape=None):
        self.built = True

    def adapt(self, data, steps=None):
        """Sets `bin_boundaries` to the `num_bins`-quantiles of `data` (a NumPy array,
        a tensor, or a batched `tf.data.Dataset`, at most `steps` batches of it),
        within `epsilon` of the exact ranks."""
        if self.num_bins is None:
            raise ValueError(
                "Discretization: `adapt` needs `num_bins`; this layer was given fixed "
                "`bin_boundaries`."
            )
        if steps is not None:
            utils.check_positive_int(steps, "steps", "Discretization")
        if hasattr(data, "as_numpy_iterator"):
            batches = data.as_numpy_iterator()
        else:
            if not isinstance(data, np.ndarray):
                data = ops.convert_to_numpy(data)
            batches = iter([data])
        summary = QuantileSummary(self.epsilon)
        for step, batch in enumerate(batches):
            if steps is not None and step >= steps:
                break
            if isinstance(batch, tuple):
                batch = batch[0]  # (features, labels) datasets adapt on features
            summary.add(np.asarray(batch, dtype="float64").ravel())
        self.bin_boundaries = summary.quantiles(self.num_bins)

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(
                "Discretization: the layer has no `bin_boundaries` yet; call `adapt` "
                "on data first (it was built with num_bins and no boundaries)."
            )
        depth = len(self.bin_boundaries) + 1
        encoding_dtype = _encoding_dtype(self.compute_dtype)
        if "float" not in str(ops.dtype(inputs)):
            inputs = ops.cast(inputs, "float32")
        boundaries = ops.convert_to_tensor(
            np.asarray(self.bin_boundaries), dtype=ops.dtype(inputs)
        )
        indices = ops.digitize(inputs, boundaries)
        if self.output_mode == "int":
            return ops.cast(indices, utils.index_dtype())
        return utils.encode(indices, self.output_mode, depth, dtype=encoding_dtype)

    @classmethod
    def from_config(cls, config):
        # An adapted layer's config holds both `num_bins` and the boundaries it learned
        # (as in Keras 3); the boundaries win, and `num_bins` is kept for `adapt`.
        config = dict(config)
        num_bins = config.get("num_bins")
        if num_bins is not None and config.get("bin_boundaries") is not None:
            del config["num_bins"]
            layer = super().from_config(config)
            layer.num_bins = num_bins
            return layer
        return super().from_config(config)

    def get_config(self):
        # Keras 3's keys and order (no `trainable`; `dtype` by policy name).
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype_policy.name,
        }


def _encoding_dtype(compute_dtype):
    return compute_dtype if "float" in str(compute_dtype) else "float32"


class QuantileSummary:
    """A weighted sample of a stream that answers quantiles within `epsilon` of the
    exact rank: values are kept with weights, and when they outgrow the budget the
    sorted values are thinned to evenly spaced ranks (each kept value carrying the
    weight of those it stands for)."""

    def __init__(self, epsilon):
        # Each kept value stands for at most total / budget values, so a rank is off
        # by about that much per compression: a quarter of epsilon leaves room for
        # several.
        self._budget = int(np.ceil(4.0 / epsilon))
        self._values = np.empty(0)
        self._weights = np.empty(0)

    def add(self, values):
        """Adds the values of a 1-D array (NaNs are ignored)."""
        values = values[~np.isnan(values)]
        self._values = np.concatenate([self._values, values])
        self._weights = np.concatenate([self._weights, np.ones(len(values))])
        if len(self._values) > 4 * self._budget:
            self._compress()

    def _compress(self):
        order = np.argsort(self._values, kind="stable")
        values, cumulative = self._values[order], np.cumsum(self._weights[order])
        targets = np.linspace(0, cumulative[-1], self._budget + 1)[1:]
        keep = np.unique(np.searchsorted(cumulative, targets, side="left"))
        keep = np.minimum(keep, len(values) - 1)
        kept_cumulative = cumulative[keep]
        self._values = values[keep]
        self._weights = np.diff(np.concatenate([[0.0], kept_cumulative]))

    def quantiles(self, num_bins):
        """The `num_bins - 1` inner boundaries: for each q = i / num_bins, the least
        value whose cumulative weight reaches q of the total."""
        if not len(self._values):
            raise ValueError("Discretization: `adapt` received no data.")
        order = np.argsort(self._values, kind="stable")
        values, cumulative = self._values[order], np.cumsum(self._weights[order])
        targets = cumulative[-1] * np.arange(1, num_bins) / num_bins
        index = np.searchsorted(cumulative, targets - 1e-9 * cumulative[-1])
        return [float(v) for v in values[np.minimum(index, len(values) - 1)]]
