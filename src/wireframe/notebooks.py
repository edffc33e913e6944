"""Run the kit's notebooks headless with papermill, in order, and time them.

``make figures`` calls :func:`run_all` through ``wireframe figures``. The
notebooks run with their own folder as working directory, so the relative
paths in their parameter cells (``../figures``) mean the same thing in
JupyterLab and here. Executed copies go to a git-ignored folder; the
committed notebooks carry no outputs. Each notebook reads its corpus and
writes its own figures, so :func:`run_all` runs several at once, each in a
kernel of its own.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
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


_TIMES = "times.json"


def _last_times(output_dir: Path) -> dict[str, float]:
    """The seconds each notebook took when last run into ``output_dir`` ({} if unknown)."""
    try:
        last = json.loads((output_dir / _TIMES).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(last, dict):
        return {}
    return {k: float(v) for k, v in last.items() if isinstance(v, int | float)}


def _order(paths: list[Path], output_dir: Path) -> list[Path]:
    """The notebooks longest first, by the times of the last run in ``output_dir``.

    Started first, the longest notebook does not end alone after the others;
    a notebook without a recorded time keeps its place after those with one.
    """
    last = _last_times(output_dir)
    known = [p for p in paths if p.name in last]
    return sorted(known, key=lambda p: -last[p.name]) + [p for p in paths if p not in known]


def run_all(
    notebooks: Sequence[str | Path] | None = None,
    *,
    output_dir: str | Path = "notebooks/_executed",
    parameters: Mapping[str, Any] | None = None,
    processes: int | None = None,
) -> dict[str, float]:
    """Run notebooks, several at once, printing one line per notebook with its time.

    Parameters
    ----------
    notebooks : list of paths, optional
        The notebooks; all ``NN_*.ipynb`` in :func:`notebook_dir` by default.
    output_dir : str or Path, default "notebooks/_executed"
        Where the executed copies go, with ``times.json`` (each notebook's
        seconds, read by the next run to start the longest first).
    parameters : mapping, optional
        Parameters passed to every notebook (each notebook ignores those its
        parameters cell does not define).
    processes : int, optional
        Notebooks run at once, each in a process and a kernel of its own;
        None: one per core (at most one per notebook); 1 runs them one after
        another in name order. The figures are the same either way.

    Returns
    -------
    dict
        Notebook name to seconds, in name order (skipped notebooks left out).

    Raises
    ------
    NotebookError
        After every other notebook has run, for those that failed, each
        named with its cell's error.
    """
    func = "notebooks.run_all"
    if isinstance(notebooks, str | Path):
        raise check.fail(func, "notebooks", "a list of notebook paths, or None",
                         notebooks, fix=f"run_all([{str(notebooks)!r}])")
    processes = check.integer(func, "processes", processes, low=1, none=True)
    paths = [Path(p) for p in notebooks] if notebooks else sorted(
        notebook_dir().glob("[0-9][0-9]_*.ipynb")
    )
    runnable = []
    for path in paths:
        missing = missing_corpora(path)
        if missing:
            print(f"{path.name:<32} skipped: needs {', '.join(missing)}, which is not "
                  f"available here (see `wireframe corpus fetch {missing[0]} --from PATH`)",
                  flush=True)
        else:
            runnable.append(path)
    out_dir = Path(output_dir)
    if processes is None:
        processes = os.cpu_count() or 1
    processes = max(1, min(processes, len(runnable)))
    times: dict[str, float] = {}
    failed: list[str] = []

    def done(path: Path, seconds: float | None, error: NotebookError | None) -> None:
        if error is not None:
            failed.append(str(error))
            print(f"{path.name:<32} failed", flush=True)
        else:
            times[path.name] = seconds
            print(f"{path.name:<32} {seconds:7.1f} s", flush=True)

    start = time.perf_counter()
    if processes == 1:
        for path in runnable:
            try:
                done(path, run(path, output_dir=output_dir, parameters=parameters), None)
            except NotebookError as err:
                done(path, None, err)
    else:
        # Spawned, not forked: each worker starts clean and drives one kernel at a time.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
            futures = {pool.submit(run, path, output_dir=output_dir, parameters=parameters): path
                       for path in _order(runnable, out_dir.resolve())}
            for future in as_completed(futures):
                path = futures[future]
                try:
                    done(path, future.result(), None)
                except NotebookError as err:
                    done(path, None, err)
    wall = time.perf_counter() - start
    times = {p.name: times[p.name] for p in runnable if p.name in times}
    if times:
        out_dir.mkdir(parents=True, exist_ok=True)
        recorded = {**_last_times(out_dir), **{k: round(v, 1) for k, v in times.items()}}
        (out_dir / _TIMES).write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    at_once = f", {processes} at a time" if processes > 1 else ""
    print(f"{'all notebooks':<32} {wall:7.1f} s ({sum(times.values()):.1f} s of notebook "
          f"time{at_once})", flush=True)
    if failed:
        raise NotebookError("; ".join(failed))
    return times
