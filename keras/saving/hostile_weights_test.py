"""Hostile HDF5 weights (in `.weights.h5` files and inside `.keras` archives).

Item 1: a weights file must never make loading read another file (external storage,
external links, virtual datasets). Item 2: declared shapes, counts and compressed
sizes are checked before any data is read. Every crafted file is also loaded in a
subprocess that measures the peak memory and time of each load.
"""

import os
import shutil

import numpy as np
import pytest

import keras
from keras.saving import hostile_files as hf
from keras.saving.file_editor import KerasFileEditor

LOADERS = {
    "load_weights": lambda path: hf.mlp().load_weights(path),
    "load_model": keras.saving.load_model,
    "editor": KerasFileEditor,
}


class Files:
    """Crafted files in one folder, made from one model with seeded weights."""

    def __init__(self, folder):
        self.folder = folder
        model = hf.mlp()
        self.values = hf.trained_values(model, seed=0)
        self.good_weights = os.path.join(folder, "good.weights.h5")
        model.save_weights(self.good_weights)
        self.good_archive = os.path.join(folder, "good.keras")
        model.save(self.good_archive)
        # What an attacker wants copied into the model: a local file, and the kernel
        # of another weights file.
        self.secret_values = (np.arange(12, dtype="float32") * 7.5 + 100).reshape(4, 3)
        self.secret = os.path.join(folder, "secret.bin")
        with open(self.secret, "wb") as f:
            f.write(self.secret_values.tobytes())
        other = hf.mlp()
        self.other_values = hf.trained_values(other, seed=1)
        self.other = os.path.join(folder, "other.weights.h5")
        other.save_weights(self.other)

    def weights(self, name, target, make):
        path = os.path.join(self.folder, f"{name}.weights.h5")
        shutil.copyfile(self.good_weights, path)
        return os.fspath(hf.replace_dataset(path, target, make))

    def archive(self, name, weights_path):
        contents = hf.archive_members(self.good_archive)
        contents["model.weights.h5"] = hf.weights_bytes(weights_path)
        path = os.path.join(self.folder, f"{name}.keras")
        return os.fspath(hf.write_archive(path, contents))


def attacks(files):
    """{name: (member replaced, maker)} of the crafted weights."""
    return {
        "external_storage": (hf.KERNEL, hf.external_storage(files.secret)),
        "external_link": ("layers/dense", hf.external_link(files.other)),
        "virtual_dataset": (hf.KERNEL, hf.virtual_dataset(files.other)),
        "huge_declared": (hf.KERNEL, hf.huge_declared),
        "chunk_bomb": (hf.KERNEL, hf.chunk_bomb(256 * 2**20, twice=True)),
        "wide_chunk_bomb": (
            "layers/dense_1/vars/2",
            hf.chunk_bomb(256 * 2**20, shape=(64, 64)),
        ),
        "oversized_chunk": (hf.KERNEL, hf.oversized_chunk),
        "extra_dataset": ("layers/dense/vars/2", hf.huge_declared),
    }


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    """{attack: (weights path, archive path)}, the Files, and the measured loads."""
    files = Files(os.fspath(tmp_path_factory.mktemp("hostile_weights")))
    paths = {}
    for name, (target, make) in attacks(files).items():
        path = files.weights(name, target, make)
        paths[name] = (path, files.archive(name, path))
    cases = []
    for weights_path, archive_path in paths.values():
        cases += [
            ("load_weights", weights_path),
            ("load_weights", archive_path),
            ("load_model", archive_path),
            ("editor", weights_path),
            ("editor", archive_path),
        ]
    results = dict(zip(cases, hf.measure(cases)))
    return paths, files, results


def check_measured(crafted, *names):
    """The limits of the issue (memory, time, error type and message) for every
    measured load of the files of `names`."""
    paths, _, results = crafted
    chosen = [case for case in results if any(case[1] in paths[n] for n in names)]
    assert len(chosen) == 5 * len(names)
    hf.check_results(chosen, [results[case] for case in chosen])


def test_crafted_files_are_under_a_megabyte(crafted):
    paths, _, _ = crafted
    for weights_path, archive_path in paths.values():
        assert os.path.getsize(weights_path) < 2**20
        assert os.path.getsize(archive_path) < 2**20


@pytest.mark.parametrize(
    "attack, pattern",
    [
        ("external_storage", r"'/layers/dense/vars/0' stores its data in an external"),
        ("external_link", r"'/layers/dense' is a link of type ExternalLink"),
        ("virtual_dataset", r"'/layers/dense/vars/0' is a virtual dataset"),
    ],
)
def test_weights_never_read_another_file(crafted, attack, pattern):
    # Item 1: before, the secret's bytes (or the other file's kernel) were loaded
    # into the model, or zeros in place of a virtual dataset inside a .keras file.
    paths, files, _ = crafted
    weights_path, archive_path = paths[attack]
    for loader, path in [
        ("load_weights", weights_path),
        ("load_weights", archive_path),
        ("load_model", archive_path),
        ("editor", weights_path),
        ("editor", archive_path),
    ]:
        model = hf.mlp()
        hf.trained_values(model, seed=5)
        before = model.get_weights()
        with pytest.raises(ValueError, match=pattern) as info:
            if loader == "load_weights":
                model.load_weights(path)
            else:
                LOADERS[loader](path)
        assert os.path.basename(path) in str(info.value), (loader, path)
        for now, then in zip(model.get_weights(), before):
            np.testing.assert_array_equal(now, then)
    check_measured(crafted, attack)


def test_declared_shapes_are_checked_before_reading(crafted):
    # Item 2: a 1.5 GB declared kernel (no byte stored) and an extra 1.5 GB dataset
    # were read in full before the shape and count checks.
    paths, _, _ = crafted
    with pytest.raises(ValueError, match=r"\(37500, 10000\).*\(4, 3\)"):
        hf.mlp().load_weights(paths["huge_declared"][0])
    with pytest.raises(ValueError, match=r"expects 2 variables.* holds 3"):
        hf.mlp().load_weights(paths["extra_dataset"][1])
    # The editor expects no shape: the file's size bounds what it decodes.
    with pytest.raises(ValueError, match=r"declares 1,500,000,000 bytes.*may expand"):
        KerasFileEditor(paths["huge_declared"][1])
    check_measured(crafted, "huge_declared", "extra_dataset")


def test_compressed_chunks_inflate_within_their_size(crafted):
    # Item 2: gzip chunks inflating to 256 MB (a (4, 3) kernel compressed twice, and
    # a (64, 64) array the editor reads), and a (4, 3) kernel stored in one 256 MB
    # chunk, were decoded in full.
    paths, _, _ = crafted
    with pytest.raises(ValueError, match="inflates past its size of 48 bytes"):
        hf.mlp().load_weights(paths["chunk_bomb"][0])
    with pytest.raises(ValueError, match="inflates past its size of 16,384 bytes"):
        KerasFileEditor(paths["wide_chunk_bomb"][1])
    with pytest.raises(ValueError, match=r"chunks of shape \(4096, 16384\)"):
        keras.saving.load_model(paths["oversized_chunk"][1])
    check_measured(crafted, "chunk_bomb", "wide_chunk_bomb", "oversized_chunk")


def test_compressed_and_chunked_weights_still_load(tmp_path):
    # The checks accept what h5py writes with gzip, shuffle and fletcher32.
    files = Files(os.fspath(tmp_path))
    kernel = files.values[0]

    def make(f, name):
        f.create_dataset(
            name,
            data=kernel,
            chunks=(2, 3),
            compression="gzip",
            shuffle=True,
            fletcher32=True,
        )

    path = files.weights("gzip", hf.KERNEL, make)
    model = hf.mlp()
    model.load_weights(path)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), kernel)
    editor = KerasFileEditor(files.archive("gzip", path))
    np.testing.assert_array_equal(editor.weights_dict["layers/dense"]["0"], kernel)
