"""Drive the OpenFisca worker in its own venv (``.venv-openfisca``), created on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from zhucan.bench.timer import err

PACKAGES = ("openfisca-core", "openfisca-country-template", "numpy", "polars")
WORKER = Path(__file__).with_name("openfisca_worker.py")


def venv_dir() -> Path:
    """``$ZHUCAN_OPENFISCA_VENV``, else ``.venv-openfisca`` in the current directory."""
    return Path(os.environ.get("ZHUCAN_OPENFISCA_VENV", ".venv-openfisca")).resolve()


def openfisca_python() -> Path:
    """The venv's interpreter; the venv is created and OpenFisca installed when missing."""
    venv = venv_dir()
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import openfisca_core, openfisca_country_template"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    err.print(f"  creating {venv} with {' '.join(PACKAGES)} (first use only)")
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", *PACKAGES]
    subprocess.run(pip, check=True)
    return python


def run_worker(
    arrays: dict[str, np.ndarray],
    params: dict[str, Any],
    mode: str,
    workdir: Path,
    n: int = 0,
    repeat: int = 1,
) -> tuple[dict[str, Any], np.ndarray, np.ndarray]:
    """Run one OpenFisca mode; its timings and the living and nursing amounts in fen."""
    python = openfisca_python()
    npz, out, par = (
        workdir / f"of_in_{mode}.npz",
        workdir / f"of_out_{mode}.npz",
        workdir / "p.json",
    )
    save: Any = np.savez
    save(npz, **arrays)
    par.write_text(json.dumps(params), encoding="utf-8")
    cmd = [str(python), str(WORKER), "--npz", str(npz), "--params", str(par), "--mode", mode]
    cmd += ["--out", str(out), "--n", str(n), "--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"OpenFisca worker failed:\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    with np.load(out) as result:
        return report, result["living"], result["nursing"]
