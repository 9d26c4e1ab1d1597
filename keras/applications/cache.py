"""Files of the applications (pretrained weights, the ImageNet class index) in the
Keras cache: `$KERAS_HOME/models/` (default `~/.keras/models/`)."""

import os

from keras.backends.common import config
from keras.utils import file_utils

CACHE_SUBDIR = "models"


def cache_folder():
    """Where the application files are looked for and fetched to."""
    return os.path.join(config.keras_home(), CACHE_SUBDIR)


def cached_or_fetched(fname, origin, file_hash, what):
    """The path of `fname` in the Keras cache, fetched from `origin` when missing.

    A file already in the cache is used as it is (so one copied there by hand works
    offline); a fetched file is checked against `file_hash`. When the file is
    missing and cannot be fetched, the OSError says where to put it.

    Args:
        fname: the file name in the cache.
        origin: the URL Keras fetches it from.
        file_hash: its expected hash (md5 or sha256 hex digest).
        what: a few words naming the file in error messages.
    """
    local = os.path.join(cache_folder(), fname)
    if os.path.isfile(local):
        return local
    try:
        return file_utils.get_file(
            fname, origin, cache_subdir=CACHE_SUBDIR, file_hash=file_hash
        )
    except OSError as error:
        raise OSError(
            f"Could not fetch {what} ('{fname}') from {origin}: {error}. Without "
            f"network access, download that file elsewhere and copy it to {local} "
            "(the Keras cache: $KERAS_HOME/models/, default ~/.keras/models/)."
        ) from error
