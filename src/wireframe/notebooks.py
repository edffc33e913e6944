"""Run the kit's notebooks headless with papermill, in order, and time them.

``make figures`` calls :func:`run_all` through ``wireframe figures``. The
notebooks run with their own folder as working directory, so the relative
paths in their parameter cells (``../figures``) mean the same thing in
JupyterLab and here. Executed copies go to a git-ignored folder; the
committed notebooks carry no outputs.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wireframe import _validate as check

__all__ = ["NotebookError", "missing_corpora", "notebook_dir", "run", "run_all"]


class NotebookError(RuntimeError):
    """A notebook failed; the message names the notebook and the cell's error."""


def notebook_dir() -> Path:
    """Return the ``notebooks/`` folder of the wireframe checkout in use."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "notebooks").is_dir() and (parent / "pyproject.toml").exists():
            return parent / "notebooks"
    raise NotebookError("cannot find the notebooks/ folder; run from a wireframe checkout")


def missing_corpora(notebook: str | Path) -> list[str]:
    """Return the corpora a notebook needs that cannot be loaded here.

    A notebook names what it needs in its metadata, ``{"wireframe":
    {"requires": ["reuters21578"]}}``; a corpus whose licence keeps it out of
    the package index (Reuters-21578) may be absent, and its notebook is then
    skipped instead of failing the whole run.
    """
    import nbformat

    from wireframe import datasets

    meta = nbformat.read(str(notebook), as_version=4).metadata.get("wireframe", {})
    return [name for name in meta.get("requires", []) if not datasets.is_available(name)]


def run(
    notebook: str | Path,
    *,
    parameters: Mapping[str, Any] | None = None,
    output_dir: str | Path = "notebooks/_executed",
    timeout: int = 1200,
) -> float:
    """Execute one notebook with papermill and return its run time in seconds.

    Parameters
    ----------
    notebook : str or Path
        The ``.ipynb`` file.
    parameters : mapping, optional
        Values that replace those of the notebook's ``parameters`` cell.
    output_dir : str or Path, default "notebooks/_executed"
        Where the executed copy is written, under the notebook's own name.
    timeout : int, default 1200
        Seconds a single cell may take.

    Raises
    ------
    NotebookError
        Naming the notebook, the executed copy to open, and the error.
    """
    import papermill as pm

    timeout = check.integer("notebooks.run", "timeout", timeout, low=1)
    nb = Path(notebook).resolve()
    out_dir = Path(output_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / nb.name
    start = time.perf_counter()
    try:
        pm.execute_notebook(
            str(nb), str(out), parameters=dict(parameters or {}), cwd=str(nb.parent),
            kernel_name="python3", progress_bar=False, execution_timeout=timeout,
            # The kernel talks to this process over localhost only; its warning
            # about unencrypted TCP, printed once per notebook, is noise here.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except pm.PapermillExecutionError as err:
        raise NotebookError(
            f"{nb.name} failed in cell {err.exec_count}: {err.ename}: {err.evalue} "
            f"(open {out} to see the cell)"
        ) from None
    return time.perf_counter() - start


def run_all(
    notebooks: Sequence[str | Path] | None = None,
    *,
    output_dir: str | Path = "notebooks/_executed",
    parameters: Mapping[str, Any] | None = None,
) -> dict[str, float]:
    """Run notebooks in name order, printing one line per notebook with its time.

    Parameters
    ----------
    notebooks : list of paths, optional
        The notebooks; all ``NN_*.ipynb`` in :func:`notebook_dir` by default.
    output_dir : str or Path, default "notebooks/_executed"
        Where the executed copies go.
    parameters : mapping, optional
        Parameters passed to every notebook (each notebook ignores those its
        parameters cell does not define).

    Returns
    -------
    dict
        Notebook name to seconds.
    """
    if isinstance(notebooks, str | Path):
        raise check.fail("notebooks.run_all", "notebooks", "a list of notebook paths, or None",
                         notebooks, fix=f"run_all([{str(notebooks)!r}])")
    paths = [Path(p) for p in notebooks] if notebooks else sorted(
        notebook_dir().glob("[0-9][0-9]_*.ipynb")
    )
    times: dict[str, float] = {}
    for path in paths:
        missing = missing_corpora(path)
        if missing:
            print(f"{path.name:<32} skipped: needs {', '.join(missing)}, which is not "
                  f"available here (see `wireframe corpus fetch {missing[0]} --from PATH`)",
                  flush=True)
            continue
        seconds = run(path, output_dir=output_dir, parameters=parameters)
        times[path.name] = seconds
        print(f"{path.name:<32} {seconds:7.1f} s", flush=True)
    print(f"{'all notebooks':<32} {sum(times.values()):7.1f} s")
    return times
