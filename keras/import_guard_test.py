"""`import keras` must resolve to this repository, and no PyPI keras may be installed."""

import importlib.metadata
import os
import pathlib
import site
import sys

import keras


def test_keras_resolves_to_this_repository():
    here = pathlib.Path(__file__).resolve().parent
    assert pathlib.Path(keras.__file__).resolve() == here / "__init__.py"
    # Our own modules, not someone else's framework.
    assert hasattr(keras, "version") and keras.version() == keras.__version__


def test_no_pypi_keras_distribution_in_the_environment():
    try:
        dist = importlib.metadata.distribution("keras")
    except importlib.metadata.PackageNotFoundError:
        dist = None
    assert dist is None, f"a keras distribution is installed at {dist.locate_file('')}"


def test_no_keras_package_in_site_packages():
    folders = set(site.getsitepackages()) | {p for p in sys.path if "site-packages" in p}
    found = [f for f in folders if os.path.exists(os.path.join(f, "keras"))]
    assert not found, f"a keras package sits in {found}"
