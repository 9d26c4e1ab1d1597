"""`keras.saving.save_model` / `load_model` (also `keras.models.*` and `Model.save`)."""

import os

from keras.saving import keras_archive


def _suffix_error(filepath, action):
    text = str(filepath)
    return ValueError(
        f"{action}: invalid filepath extension in '{text}'. Use a path ending in "
        "'.keras' (the native Keras format); weights alone go to '.weights.h5' with "
        "`save_weights`."
    )


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves a model as a `.keras` archive: its config, its weights and, when it is
    compiled, its compile arguments and optimizer state.

    The archive is written to a temporary file next to `filepath` and then renamed into
    place, so an interrupted save leaves any previous file untouched.

    Args:
        model: the model to save.
        filepath: a path ending in ".keras", or a writable binary file object.
        overwrite: whether to replace an existing file (if False, an existing file is
            a FileExistsError).
        zipped: must be None or True: the archive is always a zip file.

    Example:

    >>> model.save("model.keras")
    >>> restored = keras.saving.load_model("model.keras")
    """
    if "save_format" in kwargs:
        raise ValueError(
            "The `save_format` argument is removed in Keras 3: the format follows the "
            "file extension ('.keras'). Received: save_format="
            f"{kwargs['save_format']!r}."
        )
    if kwargs:
        raise ValueError(f"save_model: unexpected keyword arguments {sorted(kwargs)}.")
    if zipped not in (None, True):
        raise NotImplementedError(
            "save_model: zipped=False (an unzipped folder) is not supported; the "
            "archive is always a '.keras' zip file."
        )
    if not hasattr(filepath, "write"):
        filepath = os.fspath(filepath)
        if str(filepath).endswith((".h5", ".hdf5")) and not str(filepath).endswith(".weights.h5"):
            from keras.saving import legacy_h5

            legacy_h5.save_model(model, filepath, overwrite=overwrite)
            return
        if not str(filepath).endswith(".keras"):
            raise _suffix_error(filepath, "save_model")
    if not getattr(model, "built", True):
        raise ValueError(
            f"save_model: the model '{model.name}' has not been built yet; call it on "
            "data or call `build(input_shape)` before saving."
        )
    keras_archive.write(model, filepath, overwrite=overwrite)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved as a `.keras` archive (by this keras or by Keras 3).

    Args:
        filepath: a path to a ".keras" file, or a readable binary file object.
        custom_objects: a dict of names to custom classes or functions the config may
            name.
        compile: whether to compile the model with the saved compile arguments and
            restore the optimizer state (when it was saved compiled).
        safe_mode: refuse to load lambdas (their code would run). Pass False only for
            files you trust.

    Returns:
        The model, with its weights (and its optimizer state when compiled).

    Raises:
        ValueError: the file is not a valid `.keras` archive, or is unsafe (member
            paths outside the archive, a decompression bomb), or its config cannot be
            rebuilt.
        TypeError: the config names a class that is not known (pass it in
            `custom_objects` or register it).
    """
    if not hasattr(filepath, "read"):
        filepath = os.fspath(filepath)
        text = str(filepath)
        if text.endswith(".weights.h5"):
            raise ValueError(
                f"load_model: '{text}' is a weights file; build the model and call "
                "`model.load_weights(filepath)` instead."
            )
        if text.endswith((".h5", ".hdf5")):
            from keras.saving import legacy_h5

            return legacy_h5.load_model(
                text, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode
            )
        if not text.endswith(".keras"):
            if os.path.isdir(text):
                from keras.saving import orbax_loading

                if orbax_loading.is_checkpoint_root(text):
                    return orbax_loading.load_model(
                        text, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode
                    )
                raise ValueError(
                    f"load_model: '{text}' is a directory that holds no Orbax checkpoint "
                    "steps (a TensorFlow SavedModel?). Only '.keras' archives and "
                    "Orbax checkpoint folders (OrbaxCheckpoint's) can be loaded."
                )
            raise _suffix_error(text, "load_model")
    return keras_archive.read(
        filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode
    )


def model_from_json(json_string, custom_objects=None):
    """Rebuilds a model (without weights) from `model.to_json()`'s output.

    Failures are ValueErrors or TypeErrors with a bounded message (JSON nested deeper
    than `archive_reader.MAX_JSON_DEPTH` levels is refused).
    """
    import json

    from keras.saving import archive_reader

    where = "model_from_json: the JSON string"
    try:
        config = archive_reader.loads_json(json_string, where)
    except (TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"{where} is not valid JSON: {error}") from error
    return keras_archive.rebuild(config, where, custom_objects=custom_objects)
