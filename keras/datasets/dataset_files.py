"""Where the dataset files come from and how they are read safely.

Every file is cached as Keras 3 caches it: `~/.keras/datasets/<fname>` (or under
`$KERAS_HOME`), fetched with `keras.utils.get_file` from the origin Keras uses and
checked against the same hash. A file that is neither cached nor reachable raises an
OSError naming the file and the folder to put it in.

Files are read without running code: npz members holding Python objects (the word
sequences of IMDB and Reuters) and the pickled CIFAR batches go through an
unpickler that only rebuilds lists, numbers, strings and NumPy arrays.
"""

import io
import os
import pickle
import shutil
import tempfile
import zipfile

import numpy as np

from keras.backends.common import config
from keras.utils import file_utils

_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

# File -> (origin, hash), as Keras 3 fetches them (sha256, or md5 for 32 digits).
FILES = {
    "mnist.npz": (
        _BASE + "mnist.npz",
        "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    ),
    "cifar-10-batches-py-target": (
        "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
        "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
    ),
    "cifar-100-python-target": (
        "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
        "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7",
    ),
    "imdb.npz": (
        _BASE + "imdb.npz",
        "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
    ),
    "imdb_word_index.json": (
        _BASE + "imdb_word_index.json",
        "bfafd718b763782e994055a2d397834f",
    ),
    "reuters.npz": (
        _BASE + "reuters.npz",
        "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
    ),
    "reuters_word_index.json": (
        _BASE + "reuters_word_index.json",
        "4d44cc38712099c9e383dc6e5f11a921",
    ),
    "boston_housing.npz": (
        _BASE + "boston_housing.npz",
        "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
    ),
    "california_housing.npz": (
        _BASE + "california_housing.npz",
        "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f",
    ),
}
# Fashion-MNIST's four files come without a hash.
for _name in (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
):
    FILES[_name] = (_BASE + _name, None)


def cache_folder(cache_subdir="datasets"):
    """The folder a dataset file is cached in (`$KERAS_HOME/<cache_subdir>`)."""
    return os.path.join(config.keras_home(), cache_subdir)


def fetch(key, fname=None, cache_subdir="datasets"):
    """The local path of the dataset file `key` of FILES, cached as `fname` (default
    `key`; an absolute path is used as it is), fetched when missing or stale."""
    origin, file_hash = FILES[key]
    fname = fname or key
    try:
        return file_utils.get_file(
            fname, origin=origin, file_hash=file_hash, cache_subdir=cache_subdir
        )
    except OSError as error:
        target = fname if os.path.isabs(fname) else os.path.join(
            cache_folder(cache_subdir), fname
        )
        raise OSError(
            f"Could not fetch the dataset file {os.path.basename(fname)!r} from "
            f"{origin} ({error}). Without network access, download it on another "
            f"machine and copy it to {target} (folder {os.path.dirname(target)})."
        ) from error


def fetch_archive(key, member):
    """The folder `member` of the archive `key`, extracted as Keras 3 caches it:
    the archive as `<key>_archive`, its content under `<key>/`. An already
    extracted folder is used as it is (it needs no network)."""
    target = os.path.join(cache_folder(), key)
    if os.path.isdir(os.path.join(target, member)):
        return os.path.join(target, member)
    archive = fetch(key, fname=key + "_archive")
    staging = tempfile.mkdtemp(dir=cache_folder(), prefix=".extracting-")
    try:
        if not file_utils.extract_archive(archive, staging, "tar"):
            raise ValueError(
                f"The dataset file {archive} is not a tar archive: delete it so that "
                "it is fetched again."
            )
        if os.path.exists(target):
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if os.path.exists(staging):
            shutil.rmtree(staging)
    return os.path.join(target, member)


# What a dataset pickle may rebuild: NumPy arrays and dtypes (plain lists, numbers
# and strings need no lookup).
_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
}


class _DataUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(
                f"Refusing to load {module}.{name} from a dataset file: dataset files "
                "hold only arrays, lists and numbers. The file may be corrupted or "
                "malicious: delete it so that it is fetched again."
            )
        return super().find_class(module, name)


def load_pickle(path):
    """The content of a pickled dataset file (byte strings kept as bytes)."""
    with open(path, "rb") as f:
        return _DataUnpickler(f, encoding="bytes").load()


def load_npz(path):
    """The arrays of an npz file as a dict; object arrays (lists of word ranks) are
    unpickled with the restricted unpickler."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not member.endswith(".npy"):
                continue
            with archive.open(member) as f:
                data = io.BytesIO(f.read())
            version = np.lib.format.read_magic(data)
            header = (
                np.lib.format.read_array_header_1_0
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0
            )
            shape, fortran, dtype = header(data)
            if dtype.hasobject:
                array = _DataUnpickler(data, encoding="latin1").load()
            else:
                data.seek(0)
                array = np.lib.format.read_array(data, allow_pickle=False)
            arrays[member[: -len(".npy")]] = array
    return arrays
