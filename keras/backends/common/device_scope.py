"""keras.device: run ops and place new tensors on a given device."""


def device(device_name):
    """A context manager within which ops run, and new tensors are placed, on
    `device_name` ("cpu:0", "gpu:1"; a bare "cpu" means index 0).

    >>> with keras.device("cpu:0"):
    ...     x = keras.ops.ones((2, 2))
    """
    if not isinstance(device_name, str) or not device_name:
        raise ValueError(
            f'`device_name` must be a string such as "cpu:0" or "gpu:1"; got {device_name!r}.'
        )
    kind, _, index = device_name.lower().partition(":")
    if index and not index.isdigit():
        raise ValueError(
            f'`device_name` must look like "<type>:<index>", e.g. "gpu:0"; got '
            f"{device_name!r}."
        )
    from keras.backends import active

    return active.layer.device_scope(kind, int(index or 0))
