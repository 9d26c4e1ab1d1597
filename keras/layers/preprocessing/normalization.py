"""Normalization: shifts and scales inputs to zero mean and unit variance per feature,
with statistics given or learned by `adapt`."""

import numpy as np

from keras import ops
from keras.backends.common import config as backend_config
from keras.layers.preprocessing import preprocessing_utils as utils
from keras.layers.preprocessing.tf_data_layer import TFDataLayer


class Normalization(TFDataLayer):
    """Computes `(x - mean) / sqrt(variance)` per feature (the inverse with `invert`).

    The statistics are either given (`mean` and `variance`, broadcast against the
    inputs) or computed from data by `adapt`, which stores them in the non-trainable
    weights `mean`, `variance` and `count` (saved with the model; as in Keras, `count`
    stays 0).

    Args:
        axis: the axis or axes that keep their own statistics (the features); the
            others are reduced over. None: one mean and variance for everything.
        mean: the mean to use instead of `adapt`'s (with `variance`).
        variance: the variance to use instead of `adapt`'s (with `mean`).
        invert: apply the inverse transformation (`x * sqrt(variance) + mean`).
        **kwargs: base layer arguments.

    >>> layer = keras.layers.Normalization()
    >>> layer.adapt(np.array([[1.0], [3.0]]))
    >>> layer(np.array([[3.0]]))
    array([[1.]], dtype=float32)
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, (int, np.integer)) and not isinstance(axis, bool):
            axis = (int(axis),)
        elif isinstance(axis, (list, tuple)) and all(
            isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in axis
        ):
            axis = tuple(int(a) for a in axis)
        else:
            raise ValueError(
                "Normalization: `axis` must be an int, a tuple of ints or None; "
                f"received axis={axis!r}."
            )
        self.axis = axis
        if (mean is None) != (variance is None):
            raise ValueError(
                "Normalization: `mean` and `variance` must be given together; received "
                f"mean={mean!r} and variance={variance!r}."
            )
        self.input_mean = mean
        self.input_variance = variance
        self.invert = bool(invert)
        self.supports_masking = True

    def build(self, input_shape):
        if input_shape is None:
            raise ValueError("Normalization: `build` needs the input shape.")
        ndim = len(input_shape)
        for a in self.axis:
            if not -ndim <= a < ndim:
                raise ValueError(
                    f"Normalization: every `axis` must be in [-{ndim}, {ndim}) for "
                    f"inputs of rank {ndim}; received axis={self.axis}."
                )
        self._keep_axes = tuple(sorted(a % ndim for a in self.axis))
        self._reduce_axes = tuple(d for d in range(ndim) if d not in self._keep_axes)
        for d in self._keep_axes:
            if input_shape[d] is None:
                raise ValueError(
                    "Normalization: the kept axes need known sizes; received input "
                    f"shape {tuple(input_shape)} with axis={self.axis}."
                )
        stats_shape = tuple(input_shape[d] for d in self._keep_axes)
        self._broadcast_shape = tuple(
            input_shape[d] if d in self._keep_axes else 1 for d in range(ndim)
        )
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean", shape=stats_shape, initializer="zeros", trainable=False
            )
            self.adapt_variance = self.add_weight(
                name="variance", shape=stats_shape, initializer="ones", trainable=False
            )
            self.count = self.add_weight(
                name="count",
                shape=(),
                dtype=utils.index_dtype(),
                initializer="zeros",
                trainable=False,
            )
        else:
            # Broadcast the given statistics now, so a shape mismatch fails at build.
            mean = np.broadcast_to(np.asarray(self.input_mean, "float64"), stats_shape)
            variance = np.broadcast_to(
                np.asarray(self.input_variance, "float64"), stats_shape
            )
            self._given = (
                mean.reshape(self._broadcast_shape),
                variance.reshape(self._broadcast_shape),
            )
        self.built = True

    @property
    def mean(self):
        """The mean in use, shaped to broadcast against the inputs (NumPy)."""
        return self._statistics()[0]

    @property
    def variance(self):
        """The variance in use, shaped to broadcast against the inputs (NumPy)."""
        return self._statistics()[1]

    def _statistics(self):
        if self.input_mean is not None:
            return self._given
        mean = ops.convert_to_numpy(self.adapt_mean)
        variance = ops.convert_to_numpy(self.adapt_variance)
        return (
            np.reshape(mean, self._broadcast_shape),
            np.reshape(variance, self._broadcast_shape),
        )

    def adapt(self, data, steps=None):
        """Sets `mean` and `variance` from `data`: a NumPy array, a tensor, or a batched
        `tf.data.Dataset` (at most `steps` batches of it), combined batch by batch."""
        if self.input_mean is not None:
            raise ValueError(
                "Normalization: `adapt` cannot change statistics given as `mean` and "
                "`variance`; build the layer without them to adapt it."
            )
        if steps is not None:
            utils.check_positive_int(steps, "steps", "Normalization")
        if hasattr(data, "as_numpy_iterator"):
            batches = data.as_numpy_iterator()
        else:
            batches = iter([_rectangular(data)])
        count, mean, m2 = 0, None, None
        for step, batch in enumerate(batches):
            if steps is not None and step >= steps:
                break
            if isinstance(batch, tuple):
                batch = batch[0]  # (features, labels) datasets adapt on features
            batch = _rectangular(batch)
            if not self.built:
                self.build((None,) + batch.shape[1:])
            # Chan et al.'s pairwise update: exact for any split into batches.
            n = int(np.prod([batch.shape[d] for d in self._reduce_axes]))
            batch_mean = np.mean(batch, axis=self._reduce_axes)
            batch_m2 = np.sum(
                np.square(batch - batch_mean.reshape(self._broadcast_shape)),
                axis=self._reduce_axes,
            )
            if mean is None:
                count, mean, m2 = n, batch_mean, batch_m2
                continue
            total = count + n
            delta = batch_mean - mean
            mean = mean + delta * (n / total)
            m2 = m2 + batch_m2 + np.square(delta) * (count * n / total)
            count = total
        if mean is None:
            raise ValueError("Normalization: `adapt` received no data.")
        dtype = self.adapt_mean.dtype
        self.adapt_mean.assign(np.reshape(mean, self.adapt_mean.shape).astype(dtype))
        self.adapt_variance.assign(
            np.reshape(m2 / count, self.adapt_variance.shape).astype(dtype)
        )

    def call(self, inputs):
        # One implementation for both cases: eager or traced on the backend, and as
        # TensorFlow graph ops inside `tf.data` (TFDataLayer borrows that engine).
        epsilon = backend_config.epsilon()
        dtype = self.compute_dtype
        if self.input_mean is not None:
            mean = ops.convert_to_tensor(self._given[0], dtype=dtype)
            variance = ops.convert_to_tensor(self._given[1], dtype=dtype)
        else:
            # The variables themselves (not NumPy copies), so a traced call reads them.
            mean = ops.reshape(ops.cast(self.adapt_mean, dtype), self._broadcast_shape)
            variance = ops.reshape(
                ops.cast(self.adapt_variance, dtype), self._broadcast_shape
            )
        inputs = ops.cast(inputs, dtype)
        scale = ops.maximum(ops.sqrt(variance), epsilon)
        if self.invert:
            return mean + inputs * scale
        return (inputs - mean) / scale

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "invert": self.invert,
                "mean": _plain(self.input_mean),
                "variance": _plain(self.input_variance),
            }
        )
        return config


def _rectangular(batch):
    """`batch` as a float64 array; ragged or mixed-rank data is refused by name (NumPy's
    own message says nothing of `adapt`)."""
    try:
        if not isinstance(batch, np.ndarray):
            batch = ops.convert_to_numpy(batch)
        return np.asarray(batch, dtype="float64")
    except ValueError as error:
        if "inhomogeneous" not in str(error) and "sequence" not in str(error):
            raise
        shapes = sorted({str(np.shape(item)) for item in batch}) if isinstance(
            batch, (list, tuple)
        ) else []
        raise ValueError(
            "Normalization: `adapt` needs `data` whose samples all have the same shape "
            "(a rectangular array, tensor or dataset); received ragged or mixed-rank "
            f"data{' with sample shapes ' + ', '.join(shapes) if shapes else ''}. Pad "
            "or truncate the samples first (e.g. keras.utils.pad_sequences)."
        ) from None


def _plain(value):
    """A given statistic as JSON-friendly lists."""
    if value is None or isinstance(value, (int, float, list)):
        return value
    return np.asarray(ops.convert_to_numpy(value)).tolist()
