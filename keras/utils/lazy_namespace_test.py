"""lazy_namespace: names load their module on first use, once, and nothing earlier."""

import sys
import textwrap

import pytest

from keras.utils.lazy_namespace import lazy_namespace


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A throwaway package `lazypkg` whose modules count how often they are imported."""
    root = tmp_path / "lazypkg"
    (root / "sub").mkdir(parents=True)
    counter = "import builtins\nbuiltins.LAZY_LOADS.append(__name__)\n"
    (root / "__init__.py").write_text(
        textwrap.dedent(
            """
            from keras.utils.lazy_namespace import lazy_namespace

            __getattr__, __dir__ = lazy_namespace(
                __name__,
                {
                    "alpha": ".first",
                    "renamed": (".first", "beta"),
                    "gamma": "lazypkg.sub.deep",
                },
                submodules=("sub",),
                sources=(".extra_a", ".extra_b"),
            )
            """
        )
    )
    (root / "first.py").write_text(counter + "alpha = 1\nbeta = 2\n")
    (root / "sub" / "__init__.py").write_text(counter)
    (root / "sub" / "deep.py").write_text(counter + "gamma = 3\n")
    (root / "extra_a.py").write_text(counter + "__all__ = ['delta']\ndelta = 4\n")
    (root / "extra_b.py").write_text(
        counter + "__all__ = ['delta', 'epsilon']\ndelta = -4\nepsilon = 5\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import builtins

    monkeypatch.setattr(builtins, "LAZY_LOADS", [], raising=False)
    yield builtins.LAZY_LOADS
    for name in [m for m in sys.modules if m == "lazypkg" or m.startswith("lazypkg.")]:
        del sys.modules[name]


def test_names_load_their_module_on_first_use_only(package):
    import lazypkg

    assert package == []
    assert lazypkg.alpha == 1
    assert package == ["lazypkg.first"]
    assert lazypkg.renamed == 2
    assert lazypkg.gamma == 3
    assert package == ["lazypkg.first", "lazypkg.sub", "lazypkg.sub.deep"]
    # Stored in the package: no second lookup, no second import.
    assert vars(lazypkg)["alpha"] == 1
    assert lazypkg.alpha == 1
    assert package.count("lazypkg.first") == 1


def test_submodules_and_sources(package):
    import lazypkg

    assert lazypkg.sub.__name__ == "lazypkg.sub"
    assert package == ["lazypkg.sub"]
    # The first source that lists a name wins.
    assert lazypkg.delta == 4
    assert lazypkg.epsilon == 5
    assert package == ["lazypkg.sub", "lazypkg.extra_a", "lazypkg.extra_b"]


def test_dir_lists_every_name(package):
    import lazypkg

    names = dir(lazypkg)
    for name in ("alpha", "renamed", "gamma", "sub", "delta", "epsilon"):
        assert name in names


def test_unknown_name_is_an_attribute_error(package):
    import lazypkg

    # A dunder lookup (as by inspect or pickle) loads no source.
    assert not hasattr(lazypkg, "__wrapped__")
    assert package == []
    with pytest.raises(AttributeError, match="'lazypkg' has no attribute 'nope'"):
        lazypkg.nope
    assert package == ["lazypkg.extra_a", "lazypkg.extra_b"]


def test_a_malformed_export_is_a_type_error():
    with pytest.raises(TypeError, match=r"exports\['x'\].*module name"):
        lazy_namespace("somewhere", {"x": 3})
