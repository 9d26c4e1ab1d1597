"""text_dataset_from_directory: a folder of .txt files as a `tf.data.Dataset`."""

from keras.utils import dataset_utils


def text_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    batch_size=32,
    max_length=None,
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    follow_links=False,
    format="tf",
    verbose=True,
):
    """A `tf.data.Dataset` of the .txt files in a folder, labelled by sub-folder.

    Args:
        directory: the folder; with labels="inferred", `directory/<class>/*.txt`.
        labels: "inferred", None, or a list of integer labels, one per file in the
            sorted order of their paths.
        label_mode: "int", "categorical", "binary" or None (see
            `image_dataset_from_directory`).
        class_names: with "inferred": the sub-folders in the order of their labels.
        batch_size: texts per batch; None yields single texts.
        max_length: keep at most this many bytes of each text; None keeps all.
        shuffle: shuffle the files with `seed`.
        seed: seed of the shuffle and of the validation split.
        validation_split: fraction (0, 1) kept for validation.
        subset: "training", "validation" or "both" (then a pair is returned).
        follow_links: follow symbolic links to folders.
        format: "tf" (the only supported value).
        verbose: print how many files and classes were found.

    Returns:
        A `tf.data.Dataset` yielding `(texts, labels)` (tf.string texts) or texts
        alone, with a `class_names` attribute; a pair for subset="both".

    >>> train = keras.utils.text_dataset_from_directory("reviews", batch_size=16)
    """
    dataset_utils.check_format(format, "text_dataset_from_directory")
    dataset_utils.check_labels(labels, label_mode, class_names)
    dataset_utils.check_batch_size(batch_size)
    dataset_utils.check_validation_split(validation_split, subset, shuffle, seed)
    if max_length is not None and (not isinstance(max_length, int) or max_length < 1):
        raise ValueError(
            "`max_length` must be None or a positive int; received "
            f"max_length={max_length!r}."
        )
    if labels is None:
        label_mode = None
    tf = dataset_utils.import_tensorflow("text_dataset_from_directory")
    file_paths, file_labels, class_names = dataset_utils.index_directory(
        directory,
        labels,
        (".txt",),
        class_names=class_names,
        shuffle=shuffle,
        seed=seed,
        follow_links=follow_links,
        verbose=verbose,
    )
    if not file_paths:
        raise ValueError(
            f"No text files found in directory {directory}. Allowed format: .txt"
        )
    num_classes = dataset_utils.check_label_mode_fits(
        label_mode, class_names, file_labels
    )

    def read(path):
        text = tf.io.read_file(path)
        if max_length is not None:
            text = tf.strings.substr(text, 0, max_length)
        return text

    def build(paths, subset_labels):
        texts = tf.data.Dataset.from_tensor_slices(paths).map(
            read, num_parallel_calls=tf.data.AUTOTUNE
        )
        if label_mode is not None:
            texts = tf.data.Dataset.zip(
                (
                    texts,
                    dataset_utils.labels_to_dataset(
                        tf, subset_labels, label_mode, num_classes
                    ),
                )
            )
        dataset = dataset_utils.finish_dataset(tf, texts, batch_size, shuffle, seed)
        dataset.class_names = class_names
        return dataset

    return dataset_utils.dataset_for_subsets(
        build, file_paths, file_labels, validation_split, subset, seed
    )
