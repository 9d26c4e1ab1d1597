"""Builds the `keras` wheel from the package sources Bazel hands it.

Usage: build_wheel.py --out OUT.whl --version V --name NAME [--requires R ...] \
           --srcs-file FILE
`FILE` lists one `path_in_wheel<TAB>path_on_disk` per line. The version must equal
`__version__` in keras/version.py, so the wheel and `keras.__version__` cannot disagree.
"""

import argparse
import base64
import hashlib
import re
import sys
import zipfile

# A fixed timestamp makes the wheel byte-for-byte reproducible.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode()


def _metadata(name, version, requires, summary):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        f"Summary: {summary}",
        "Requires-Python: >=3.10",
    ]
    lines += [f"Requires-Dist: {r}" for r in requires]
    return "\n".join(lines) + "\n"


def _wheel_info(tag):
    # A wheel with compiled libraries (the fused kernels) is a platform wheel.
    pure = tag == "py3-none-any"
    return (
        "Wheel-Version: 1.0\n"
        "Generator: keras_project tools/build_wheel.py\n"
        f"Root-Is-Purelib: {'true' if pure else 'false'}\n"
        f"Tag: {tag}\n"
    )


def read_version(sources):
    """Returns __version__ from keras/version.py among `sources` (wheel path -> disk path)."""
    path = sources.get("keras/version.py")
    if path is None:
        raise ValueError("keras/version.py is not among the wheel sources")
    with open(path) as f:
        match = re.search(r'^__version__ = "([^"]+)"$', f.read(), re.MULTILINE)
    if not match:
        raise ValueError(f"no __version__ = \"...\" line in {path}")
    return match.group(1)


def build(
    out, name, version, requires, sources, summary, tag="py3-none-any", top_level=None
):
    """Writes the wheel `out`; `sources` maps paths inside the wheel to files on disk.

    `tag` is the wheel's python-abi-platform tag; `top_level` the importable packages
    (default: the first path component of every source)."""
    found = read_version(sources)
    if found != version:
        raise ValueError(
            f"wheel version {version!r} (BUILD) differs from keras/version.py {found!r}"
        )
    dist_info = f"{name}-{version}.dist-info"
    entries = []
    for arcname in sorted(sources):
        with open(sources[arcname], "rb") as f:
            entries.append((arcname, f.read()))
    entries.append(
        (f"{dist_info}/METADATA", _metadata(name, version, requires, summary).encode())
    )
    entries.append((f"{dist_info}/WHEEL", _wheel_info(tag).encode()))
    if top_level is None:
        top_level = sorted({arcname.split("/")[0] for arcname in sources})
    entries.append((f"{dist_info}/top_level.txt", ("\n".join(top_level) + "\n").encode()))
    record = [f"{a},{_record_hash(d)},{len(d)}" for a, d in entries]
    record.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wheel:
        for arcname, data in entries:
            info = zipfile.ZipInfo(arcname, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Shared libraries keep their execute bits.
            mode = 0o755 if arcname.endswith(".so") else 0o644
            info.external_attr = mode << 16
            wheel.writestr(info, data)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--summary", default="")
    parser.add_argument("--requires", action="append", default=[])
    parser.add_argument("--srcs-file", required=True)
    parser.add_argument("--tag", default="py3-none-any")
    args = parser.parse_args(argv)
    sources = {}
    with open(args.srcs_file) as f:
        for line in f:
            arcname, _, path = line.rstrip("\n").partition("\t")
            sources[arcname] = path
    build(
        args.out, args.name, args.version, args.requires, sources, args.summary,
        tag=args.tag,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
