"""audio_dataset_from_directory: a folder of .wav files as a `tf.data.Dataset`."""

from keras.utils import dataset_utils


def audio_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    batch_size=32,
    sampling_rate=None,
    output_sequence_length=None,
    ragged=False,
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    follow_links=False,
    verbose=True,
):
    """A `tf.data.Dataset` of the .wav files in a folder, labelled by sub-folder.

    Each file is decoded to float32 samples in [-1, 1] of shape
    `(samples, channels)`.

    Args:
        directory: the folder; with labels="inferred", `directory/<class>/*.wav`.
        labels: "inferred", None, or a list of integer labels, one per file in the
            sorted order of their paths.
        label_mode: "int", "categorical", "binary" or None.
        class_names: with "inferred": the sub-folders in the order of their labels.
        batch_size: clips per batch; None yields single clips.
        sampling_rate: the rate every file must have (no resampling is done: a file
            of another rate fails when read); None accepts any.
        output_sequence_length: cut or zero-pad every clip to this many samples;
            None pads each batch to its longest clip (or keeps lengths with
            `ragged=True`).
        ragged: batch clips of different lengths as ragged tensors.
        shuffle: shuffle the files with `seed`.
        seed: seed of the shuffle and of the validation split.
        validation_split: fraction (0, 1) kept for validation.
        subset: "training", "validation" or "both" (then a pair is returned).
        follow_links: follow symbolic links to folders.
        verbose: print how many files and classes were found.

    Returns:
        A `tf.data.Dataset` yielding `(audio, labels)` or audio alone, with a
        `class_names` attribute; a pair for subset="both".

    >>> train = keras.utils.audio_dataset_from_directory("speech", batch_size=8)
    """
    dataset_utils.check_labels(labels, label_mode, class_names)
    dataset_utils.check_batch_size(batch_size)
    dataset_utils.check_validation_split(validation_split, subset, shuffle, seed)
    for name, value in (
        ("sampling_rate", sampling_rate),
        ("output_sequence_length", output_sequence_length),
    ):
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValueError(
                f"`{name}` must be None or a positive int; received {name}={value!r}."
            )
    if ragged and output_sequence_length is not None:
        raise ValueError(
            "`ragged=True` keeps each clip's length and cannot go with "
            f"`output_sequence_length`={output_sequence_length}."
        )
    if labels is None:
        label_mode = None
    tf = dataset_utils.import_tensorflow("audio_dataset_from_directory")
    file_paths, file_labels, class_names = dataset_utils.index_directory(
        directory,
        labels,
        (".wav",),
        class_names=class_names,
        shuffle=shuffle,
        seed=seed,
        follow_links=follow_links,
        verbose=verbose,
    )
    if not file_paths:
        raise ValueError(
            f"No audio files found in directory {directory}. Allowed format: .wav"
        )
    num_classes = dataset_utils.check_label_mode_fits(
        label_mode, class_names, file_labels
    )

    def read(path):
        audio, rate = tf.audio.decode_wav(tf.io.read_file(path))
        if sampling_rate is not None:
            tf.debugging.assert_equal(
                rate,
                sampling_rate,
                message="audio_dataset_from_directory: a file's sampling rate "
                f"differs from sampling_rate={sampling_rate} (no resampling)",
            )
        if output_sequence_length is not None:
            audio = audio[:output_sequence_length]
            missing = output_sequence_length - tf.shape(audio)[0]
            audio = tf.pad(audio, [[0, missing], [0, 0]])
        return audio

    def build(paths, subset_labels):
        clips = tf.data.Dataset.from_tensor_slices(paths).map(
            read, num_parallel_calls=tf.data.AUTOTUNE
        )
        if ragged:
            clips = clips.map(tf.RaggedTensor.from_tensor)
        if label_mode is not None:
            clips = tf.data.Dataset.zip(
                (
                    clips,
                    dataset_utils.labels_to_dataset(
                        tf, subset_labels, label_mode, num_classes
                    ),
                )
            )
        if shuffle:
            buffer = 1024 if batch_size is None else batch_size * 8
            clips = clips.shuffle(buffer_size=buffer, seed=seed)
        if batch_size is not None:
            if ragged:
                clips = clips.ragged_batch(batch_size)
            elif output_sequence_length is None:
                clips = clips.padded_batch(batch_size)
            else:
                clips = clips.batch(batch_size)
        dataset = clips.prefetch(tf.data.AUTOTUNE)
        dataset.class_names = class_names
        return dataset

    return dataset_utils.dataset_for_subsets(
        build, file_paths, file_labels, validation_split, subset, seed
    )
