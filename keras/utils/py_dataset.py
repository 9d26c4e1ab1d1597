"""PyDataset (alias `keras.utils.Sequence`): a dataset of indexed batches in Python."""


class PyDataset:
    """Base class for a dataset of batches produced by Python code.

    A subclass implements `__getitem__(index)`, returning one complete batch (`x`,
    `(x, y)` or `(x, y, sample_weight)`), and `__len__()`, returning the number of
    batches. An infinite dataset overrides the `num_batches` property to return None
    instead of defining `__len__`. `on_epoch_begin()` and `on_epoch_end()` may be
    overridden to change the data between epochs.

    Because batches are addressed by index, `fit` sees each batch once per epoch, can
    shuffle the batch order (`shuffle=True`) and can build several batches at once.
    The constructor arguments configure that parallelism; iterating over the dataset
    by hand uses none.

    Args:
        workers: how many batches `fit`, `evaluate` and `predict` build at once
            (0 or 1: one at a time, in the consuming thread).
        use_multiprocessing: build batches in worker processes rather than threads;
            the dataset must then be picklable.
        max_queue_size: the most batches built ahead of the one being consumed.

    >>> class Squares(keras.utils.PyDataset):
    ...     def __init__(self, n, batch_size, **kwargs):
    ...         super().__init__(**kwargs)
    ...         self.x = np.arange(n, dtype="float32")
    ...         self.batch_size = batch_size
    ...     def __len__(self):
    ...         return math.ceil(len(self.x) / self.batch_size)
    ...     def __getitem__(self, index):
    ...         batch = self.x[index * self.batch_size : (index + 1) * self.batch_size]
    ...         return batch, batch**2
    >>> model.fit(Squares(100, batch_size=16, workers=4), epochs=2)
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        for name, value, low in (
            ("workers", workers, 0),
            ("max_queue_size", max_queue_size, 1),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(
                    f"`{name}` must be an int >= {low}; received {name}={value!r}."
                )
        self._workers = workers
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = max_queue_size

    # Properties with defaults, so that a subclass that forgets super().__init__()
    # still works with the single-threaded settings.
    @property
    def workers(self):
        return getattr(self, "_workers", 1)

    @workers.setter
    def workers(self, value):
        self._workers = value

    @property
    def use_multiprocessing(self):
        return getattr(self, "_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = value

    @property
    def max_queue_size(self):
        return getattr(self, "_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = value

    def __getitem__(self, index):
        """Returns batch number `index`: `x`, `(x, y)` or `(x, y, sample_weight)`."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__getitem__(self, index)`, "
            "returning one batch."
        )

    @property
    def num_batches(self):
        """The number of batches, or None for an infinite dataset."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__len__(self)` (the number of "
            "batches), or the `num_batches` property returning None when it is "
            "infinite."
        )

    def on_epoch_begin(self):
        """Called at the start of every epoch."""

    def on_epoch_end(self):
        """Called at the end of every epoch."""


# The Keras 2 name.
Sequence = PyDataset
