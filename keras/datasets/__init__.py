"""Public namespace `keras.datasets`: loaders of small classic datasets (MNIST,
Fashion-MNIST, CIFAR-10/100, IMDB, Reuters, Boston and California housing).

Each loader is a submodule with a `load_data()` function; the files are fetched
once into the Keras cache (`~/.keras/datasets/`). Submodules load on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

_SUBMODULES = (
    "boston_housing",
    "california_housing",
    "cifar10",
    "cifar100",
    "fashion_mnist",
    "imdb",
    "mnist",
    "reuters",
)

__all__ = list(_SUBMODULES)

__getattr__, __dir__ = lazy_namespace(__name__, submodules=_SUBMODULES)
