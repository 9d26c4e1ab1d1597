"""Reading arrays from an HDF5 file that may be hostile (`.weights.h5`, `.keras`).

HDF5 can make a dataset read bytes from outside its file (external raw storage such
as `external=[("/etc/passwd", 0, 32)]`, external links, virtual datasets mapping other
files) and can make a few kilobytes expand to gigabytes (a declared shape far larger
than the data stored, or compressed chunks that inflate without limit: HDF5's deflate
filter grows its buffer for as long as the stream goes on). A `Reader` refuses all of
it before HDF5 decodes a byte of data:

- links: only hard links are followed (`child`, `walk`);
- storage: a dataset is contiguous, chunked or compact, with no external storage and
  not virtual, and every stored byte lies inside the file;
- filters: deflate, shuffle and fletcher32 only; each compressed chunk is inflated
  once with a hard output limit (its chunk size) before HDF5 reads it;
- dtype: numeric, or bfloat16 stored as 2-byte opaque data (attribute dtype="bfloat16");
- size: callers compare the declared shape with what they expect before calling
  `read`; a `Reader` made with a `budget` (the file editor, which expects no shape)
  decodes at most that many bytes in all.

Every refusal is an `UnsafeFileError` (a ValueError) naming the file and the member.
"""

import math
import zlib

import h5py
import numpy as np
from h5py import h5a
from h5py import h5d
from h5py import h5z

# All reads of one file by the file editor decode at most
# MAX_EXPANSION * (file size) + EXPANSION_ALLOWANCE bytes. Keras stores weights
# uncompressed (1x); only compressed arrays of zeros come near this.
MAX_EXPANSION = 32
EXPANSION_ALLOWANCE = 32 * 2**20
# A chunk may be larger than its dataset (resizable datasets), but not by more than
# this: a (37500, 10000) chunk around a (4, 3) dataset would inflate 1.5 GB per read.
MAX_CHUNK_BYTES = 4 * 2**20
# Attributes read (`name`, `dtype`) are short strings.
MAX_ATTRIBUTE_BYTES = 64 * 2**10

_LAYOUTS = {
    h5d.CONTIGUOUS: "contiguous",
    h5d.CHUNKED: "chunked",
    h5d.COMPACT: "compact",
}
_FILTERS = {
    h5z.FILTER_DEFLATE: "deflate",
    h5z.FILTER_SHUFFLE: "shuffle",
    h5z.FILTER_FLETCHER32: "fletcher32",
}


class UnsafeFileError(ValueError):
    """An HDF5 member that would read outside its file or expand without bound."""


def budget_for(file_size):
    """The editor's decoding budget for a file of `file_size` bytes."""
    return MAX_EXPANSION * int(file_size) + EXPANSION_ALLOWANCE


class Reader:
    """Checked access to the groups and datasets of one open HDF5 file.

    Args:
        h5_file: the open `h5py.File`.
        where: how messages name the file (e.g. "'m.keras' (model.weights.h5)").
        budget: the most bytes all `read` calls together may decode, or None when
            the caller bounds every read by an expected shape.
    """

    def __init__(self, h5_file, where, budget=None):
        self.where = where
        self.file_size = h5_file.id.get_filesize()
        self.budget = budget
        self.decoded = 0

    def _error(self, name, message):
        return UnsafeFileError(f"{self.where}: '{name}' {message}")

    def child(self, group, key):
        """`group[key]` when it is a hard link; None when absent."""
        link = group.get(key, getlink=True)
        if link is None:
            return None
        name = f"{group.name.rstrip('/')}/{key}"
        if not isinstance(link, h5py.HardLink):
            target = getattr(link, "filename", None) or getattr(link, "path", "")
            raise self._error(
                name,
                f"is a link of type {type(link).__name__} (to {_short(target)!r}); "
                "weights files hold only hard links to their own groups and datasets, "
                "so it is not followed.",
            )
        return group[key]

    def walk(self, group, path):
        """The object at the relative `path` ("a/b/vars"), following hard links only;
        None when a component is absent."""
        for part in path.split("/"):
            if not isinstance(group, h5py.Group):
                raise self._error(group.name, "is a dataset, not a group.")
            group = self.child(group, part)
            if group is None:
                return None
        return group

    def attribute(self, obj, key):
        """A short attribute of `obj` (its value, or None when absent)."""
        if key not in obj.attrs:
            return None
        attribute_id = h5a.open(obj.id, key.encode("utf-8"))
        if attribute_id.get_storage_size() > MAX_ATTRIBUTE_BYTES:
            raise self._error(
                obj.name,
                f"has an attribute {key!r} of {attribute_id.get_storage_size():,} "
                f"bytes; at most {MAX_ATTRIBUTE_BYTES:,} are read.",
            )
        if attribute_id.dtype.kind not in "OSUbiuf":
            raise self._error(
                obj.name, f"has an attribute {key!r} of type {attribute_id.dtype}."
            )
        value = obj.attrs[key]
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, np.ndarray) and value.shape == ():
            value = value.item()
        return value

    def dataset(self, obj, name=None):
        """Checks that `obj` is a dataset stored inside the file with a numeric dtype,
        without reading its data. Returns it."""
        name = name or getattr(obj, "name", "?")
        if not isinstance(obj, h5py.Dataset):
            raise self._error(
                name, f"holds a {type(obj).__name__} where an array was expected."
            )
        if obj.shape is None:
            raise self._error(name, "is an empty (null) dataset, not an array.")
        plist = obj.id.get_create_plist()
        layout = plist.get_layout()
        if layout == h5d.VIRTUAL or obj.is_virtual:
            raise self._error(
                name,
                "is a virtual dataset (it maps data from other files); weights "
                "must be stored inside the file.",
            )
        if plist.get_external_count():
            target = plist.get_external(0)[0]
            raise self._error(
                name,
                f"stores its data in an external file ({_short(target)!r}); weights "
                "must be stored inside the file.",
            )
        if layout not in _LAYOUTS:
            raise self._error(name, f"has an unsupported storage layout ({layout}).")
        self._check_dtype(obj, name)
        return obj

    def _is_bfloat16(self, dataset):
        marked = self.attribute(dataset, "dtype")
        return isinstance(marked, str) and marked == "bfloat16"

    def _check_dtype(self, dataset, name):
        dtype = dataset.dtype
        if self._is_bfloat16(dataset):
            plain = dtype.fields is None and dtype.kind in "Vui"
            if dtype.itemsize != 2 or not plain:
                raise self._error(
                    name, f"is marked bfloat16 but holds {dtype} (not 2-byte data)."
                )
            return
        if dtype.kind not in "biuf" or dtype.fields is not None or dtype.subdtype:
            raise self._error(name, f"holds {dtype} data; weights must be numeric.")

    def nbytes(self, dataset):
        """The bytes `dataset` decodes to, from its declared shape and dtype."""
        return math.prod(dataset.shape) * dataset.dtype.itemsize

    def read(self, dataset, name=None):
        """The array of a dataset (checked with `dataset` first): its stored bytes are
        checked to lie inside the file and its chunks to inflate within bounds."""
        name = name or dataset.name
        self.dataset(dataset, name)
        nbytes = self.nbytes(dataset)
        if self.budget is not None:
            if self.decoded + nbytes > self.budget:
                raise self._error(
                    name,
                    f"declares {nbytes:,} bytes of data; with the {self.decoded:,} "
                    f"read before, more than the {self.budget:,} bytes a file of "
                    f"{self.file_size:,} bytes may expand to. Refusing to read it "
                    "(raise keras.saving.safe_hdf5.MAX_EXPANSION if the file is "
                    "trusted).",
                )
            self.decoded += nbytes
        plist = dataset.id.get_create_plist()
        layout = plist.get_layout()
        if layout == h5d.CONTIGUOUS and nbytes:
            offset = dataset.id.get_offset()
            if offset is None or offset + nbytes > self.file_size:
                raise self._error(
                    name,
                    f"declares {nbytes:,} bytes that are not stored in the file "
                    f"({self.file_size:,} bytes); it is truncated or crafted.",
                )
        elif layout == h5d.CHUNKED:
            self._check_chunks(dataset, plist, name, nbytes)
        array = np.asarray(dataset[()])
        if self._is_bfloat16(dataset):
            import ml_dtypes

            array = array.view(ml_dtypes.bfloat16)
        return array

    def _check_chunks(self, dataset, plist, name, nbytes):
        shape, chunk = dataset.shape, plist.get_chunk()
        chunk_bytes = math.prod(chunk) * dataset.dtype.itemsize
        if chunk_bytes > max(nbytes, MAX_CHUNK_BYTES):
            raise self._error(
                name,
                f"has chunks of shape {chunk} ({chunk_bytes:,} bytes) around a "
                f"dataset of shape {shape}; refusing to decode them.",
            )
        filters = []
        for index in range(plist.get_nfilters()):
            code, _, _, label = plist.get_filter(index)
            if code not in _FILTERS:
                label = label.decode("utf-8", "replace") if label else str(code)
                raise self._error(
                    name,
                    f"uses the HDF5 filter {label!r}; only "
                    f"{', '.join(_FILTERS.values())} are read.",
                )
            filters.append(code)
        expected = math.prod(-(-s // c) for s, c in zip(shape, chunk))
        count = dataset.id.get_num_chunks()
        if count > expected:
            raise self._error(
                name, f"stores {count} chunks where its shape has room for {expected}."
            )

        def check(info):
            if info.byte_offset + info.size > self.file_size:
                raise self._error(
                    name,
                    f"has a chunk at {info.chunk_offset} stored past the end of the "
                    "file; it is truncated or crafted.",
                )
            active = [f for i, f in enumerate(filters) if not info.filter_mask & 1 << i]
            if h5z.FILTER_DEFLATE in active:
                _, raw = dataset.id.read_direct_chunk(info.chunk_offset)
                self._inflate(raw, active, chunk_bytes, name, info.chunk_offset)

        if count:
            dataset.id.chunk_iter(check)

    def _inflate(self, data, filters, chunk_bytes, name, offset):
        # Undo the filters in reverse order, as HDF5 will; shuffle keeps the size.
        for code in reversed(filters):
            if code == h5z.FILTER_FLETCHER32:
                data = data[:-4]
            elif code == h5z.FILTER_DEFLATE:
                inflater = zlib.decompressobj()
                try:
                    data = inflater.decompress(data, chunk_bytes + 1)
                except zlib.error as error:
                    raise self._error(
                        name, f"has a corrupted compressed chunk at {offset} ({error})."
                    ) from None
                if len(data) > chunk_bytes:
                    raise self._error(
                        name,
                        f"has a compressed chunk at {offset} that inflates past its "
                        f"size of {chunk_bytes:,} bytes (a decompression bomb); "
                        "refusing to decode it.",
                    )


def _short(text, limit=120):
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return text if len(text) <= limit else text[:limit] + "..."
