"""Public namespace `keras.random`: random tensors and the SeedGenerator behind them."""

from keras.random.random import beta
from keras.random.random import binomial
from keras.random.random import categorical
from keras.random.random import dropout
from keras.random.random import gamma
from keras.random.random import normal
from keras.random.random import randint
from keras.random.random import shuffle
from keras.random.random import truncated_normal
from keras.random.random import uniform
from keras.random.seed_generator import SeedGenerator

__all__ = [
    "SeedGenerator",
    "beta",
    "binomial",
    "categorical",
    "dropout",
    "gamma",
    "normal",
    "randint",
    "shuffle",
    "truncated_normal",
    "uniform",
]
