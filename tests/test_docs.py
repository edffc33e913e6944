"""The one docs core: fragments filled, indented, defaults from the signature."""

import inspect

import pytest

from wireframe import _docs


class TestDocs:
    def test_fragment_indent_and_default_from_signature(self):
        @_docs.doc
        def f(stories, *, unit="placement", seed=0, period=None):
            """Do.

            Parameters
            ----------
            {unit}
            {seed}
            {period}
            """

        lines = inspect.cleandoc(f.__doc__).splitlines()
        assert 'unit : {"placement", "story"}, default "placement"' in lines
        assert "seed : int, default 0" in lines
        assert 'period : {"day", "week", "month"} or None, optional' in lines
        body = lines[lines.index("seed : int, default 0") + 1]
        assert body.startswith("    Seed of the random generator")

    def test_method_indent(self):
        class A:
            @_docs.doc
            def g(self, *, n_boot=1000):
                """Do.

                Parameters
                ----------
                {n_boot}
                """

        assert "n_boot : int, default 1000\n    Bootstrap" in inspect.cleandoc(A.g.__doc__)

    def test_module_fragment_and_unknown_name(self):
        mine = _docs.Docs(counts="counts : array\n        Term counts.")

        @mine
        def g(counts):
            """{counts}"""

        assert g.__doc__.startswith("counts : array")
        with pytest.raises(KeyError, match=r"no docstring fragment named \{nope\}"):
            @mine
            def h():
                """
                {nope}
                """

    def test_braces_in_prose_untouched(self):
        @_docs.doc
        def f():
            """G2 = 2 \\sum_{i} O_i (a set {32, 64})."""

        assert "{i}" in f.__doc__ and "{32, 64}" in f.__doc__
