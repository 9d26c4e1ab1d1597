"""The layers of keras, lowest first: DESIGN.md's "backends <- ops <- layers <- (losses,
metrics, optimizers) <- trainers <- models" with every package placed in it.

A module may import modules of its own layer or of a layer below, never one above:
//keras:layering_test parses every import of keras/ against this table (it also keeps the
engines inside their backends). Bazel visibility says the same: the package_group
//tools/visibility:<layer> holds the packages of that layer and of every layer above it,
and each package's `default_visibility` is its layer's group. Packages are listed one by
one (never `/...`), so a new package can depend on no layered target until it is given a
layer here. The public namespaces (`//keras/ops:ops`, `//keras/layers:layers`...) and the
root package `//keras` are visible to all: the tests beside the code use the public API.
"""

# (layer, entries). An entry is a Bazel package ("keras/ops": its files, and those in its
# subdirectories without a BUILD file), or a module that sits in a lower layer than the
# rest of its package ("keras/saving/serialization_lib.py"); the targets of such a module
# set `visibility` to their layer's group in their BUILD file.
LAYERS = [
    # The engines behind one contract, and what every backend shares (config, dtypes,
    # Variable, KerasTensor, the op family table). keras/version.py has no imports.
    ("backends", [
        "keras/backends",
        "keras/backends/common",
        "keras/backends/numpy",
        "keras/backends/jax",
        "keras/backends/torch",
        "keras/backends/tensorflow",
        "keras/backends/openvino",
        "keras/version.py",
    ]),
    # What any layer above may use: small helpers (progbar, PyDataset, lazy namespaces),
    # dtype policies, and the serialization registry, which layers and losses use to
    # name themselves in configs (it never imports what it deserializes).
    ("base", [
        "keras/utils",
        "keras/tree",
        "keras/preprocessing",
        "keras/dtype_policies",
        # keras.distribution: meshes and layouts, placed by the active backend.
        "keras/distribution",
        "keras/saving/object_registration.py",
        "keras/saving/serialization_lib.py",
    ]),
    ("ops", [
        "keras/ops",
    ]),
    # Random ops and SeedGenerator: built on keras.ops' Operation.
    ("random", [
        "keras/random",
    ]),
    # What layers are configured with: functions and objects of ops and random.
    ("components", [
        "keras/activations",
        "keras/initializers",
        "keras/regularizers",
        "keras/constraints",
        # keras.quantizers: quantizers, quantization configs, int4 packing, float8 scales.
        "keras/quantizers",
    ]),
    ("layers", [
        "keras/layers",
        "keras/layers/activations",
        "keras/layers/attention",
        "keras/layers/core",
        "keras/layers/interop",
        "keras/layers/convolutional",
        "keras/layers/merging",
        "keras/layers/normalization",
        "keras/layers/pooling",
        "keras/layers/preprocessing",
        "keras/layers/preprocessing/image_augmentation",
        "keras/layers/preprocessing/image_preprocessing",
        "keras/layers/preprocessing/image_preprocessing/bounding_boxes",
        "keras/layers/regularization",
        "keras/layers/reshaping",
        "keras/layers/rnn",
    ]),
    # What compile() and fit() take (metrics reuse the loss functions).
    ("training_parts", [
        "keras/losses",
        "keras/metrics",
        "keras/optimizers",
        "keras/optimizers/legacy",
        "keras/optimizers/schedules",
        "keras/callbacks",
    ]),
    # compile/fit/evaluate/predict: one loop, one file per backend, the data adapters.
    ("trainers", [
        "keras/trainers",
        "keras/trainers/data_adapters",
    ]),
    # The .keras archive and weights files: they walk layers and read a model through its
    # public hooks (get_config, weights, optimizer variables), never through keras.models.
    ("saving", [
        "keras/saving",
    ]),
    # model.export and keras.export.ExportArchive: they trace a model (any Layer) through
    # its public call and variables with the engine that owns the file format.
    ("export", [
        "keras/export",
    ]),
    # Model is a Trainer and a Layer; Model.save and friends call saving and export.
    ("models", [
        "keras/models",
        # keras.distillation: Distiller is a Model holding a teacher and a student.
        "keras/distillation",
    ]),
    # What is built from whole models: keras.applications (the pretrained architectures),
    # keras.wrappers (scikit-learn estimators around a Model), keras.datasets (loaders
    # into the Keras cache), keras.visualization (matplotlib pictures of images and
    # boxes) and keras.legacy (Keras 2 formats).
    ("applications", [
        "keras/applications",
        "keras/datasets",
        "keras/legacy",
        "keras/legacy/saving",
        "keras/visualization",
        "keras/wrappers",
    ]),
    # `import keras`, keras.config and keras.backend: the public entry.
    ("entry", [
        "keras",
        # keras.mixed_precision: re-exports of dtype policies and LossScaleOptimizer.
        "keras/mixed_precision",
    ]),
]

# Packages outside keras/ that plug into it from beside the backends and test through
# the public API: they may see every layer (DESIGN.md: "the kernel bindings").
# //keras:layering_test does not parse them (they name the engines by design).
PLUG_INS = ["//kernels/bindings"]

def _packages(entries):
    return ["//" + entry for entry in entries if not entry.endswith(".py")]

def layer_package_groups():
    """One package_group per layer: the packages of that layer and of every layer above."""
    for index in range(len(LAYERS)):
        packages = []
        for _, entries in LAYERS[index:]:
            packages += _packages(entries)
        packages += PLUG_INS
        native.package_group(
            name = LAYERS[index][0],
            packages = packages,
        )

def layering_data():
    """Every package's Python files (its `:py_sources`), for //keras:layering_test."""
    labels = []
    for _, entries in LAYERS:
        labels += [package + ":py_sources" for package in _packages(entries)]
    return labels

def py_sources():
    """The package's Python files (tests and testdata included), read by
    //keras:layering_test; each package listed in LAYERS calls this once."""
    native.filegroup(
        name = "py_sources",
        srcs = native.glob(["**/*.py"]),
        visibility = ["//keras:__pkg__"],
    )
