"""Public namespaces whose names load on first use.

Every public package `__init__.py` of keras (`keras`, `keras.layers`, `keras.ops`...)
is a table of names and where they live. `import keras` then costs almost nothing, a
name imports its module (and the backend engine behind it) when it is first read, and
each fine-grained Bazel target stays separate, since no package file imports its
siblings.

Used as::

    __getattr__, __dir__ = lazy_namespace(__name__, {"Dense": ".core.dense"})
"""

import importlib
import sys


def lazy_namespace(package, exports=None, submodules=(), sources=()):
    """The module-level `__getattr__` and `__dir__` of a lazy public namespace.

    Args:
        package: `__name__` of the package whose `__init__.py` calls this.
        exports: public name -> where it is defined: a module name, relative to
            `package` when it starts with "." (the attribute has the public name), or a
            `(module, attribute)` pair when the attribute is named otherwise.
        submodules: names of modules of `package` reachable as attributes (e.g.
            `keras.ops` from `keras`), imported on first access.
        sources: modules (relative to `package` when they start with ".") whose
            `__all__` names are re-exported; all of them load on the first name not in
            `exports`.

    Returns:
        `(__getattr__, __dir__)`. A name, once loaded, is stored in the package, so
        `__getattr__` runs once per name; an unknown name raises AttributeError.
    """
    exports = dict(exports or {})
    for name, where in exports.items():
        if not isinstance(where, str) and not (
            isinstance(where, tuple) and len(where) == 2
        ):
            raise TypeError(
                f"lazy_namespace({package!r}): `exports[{name!r}]` must be a module "
                f"name or a (module, attribute) pair; got {where!r}."
            )
    submodules = frozenset(submodules)
    sources = tuple(sources)
    found_in_sources = {}

    def load(module):
        return importlib.import_module(module, package)

    def index_sources():
        # First source wins, as a search in order would. A source still being imported
        # (a sibling reached through `from package import module` while it loads) may
        # not have its `__all__` yet: the index is then used once but not kept.
        if not sources or found_in_sources:
            return found_in_sources
        index = {}
        complete = True
        for source in sources:
            module = load(source)
            spec = getattr(module, "__spec__", None)
            if getattr(spec, "_initializing", False):
                complete = False
            for name in getattr(module, "__all__", ()):
                index.setdefault(name, module)
        if complete:
            found_in_sources.update(index)
        return index

    def __getattr__(name):
        if name in submodules:
            return load(f".{name}")
        if name in exports:
            where = exports[name]
            module, attribute = (where, name) if isinstance(where, str) else where
            value = getattr(load(module), attribute)
        elif not name.startswith("__") and name in (index := index_sources()):
            value = getattr(index[name], name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def __dir__():
        names = set(vars(sys.modules[package])) | set(exports) | submodules
        return sorted(names | set(index_sources()))

    return __getattr__, __dir__
