"""The open-data export at benchmark size: `flask export` of the whole site as a child
process, its wall time and its peak memory (maximum resident set, from wait4)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).with_name("flask")


@dataclass
class ExportFigures:
    seconds: float
    peak_mib: float
    zip_mib: float


def measure(database_url: str) -> ExportFigures:
    env = dict(os.environ, DATABASE_URL=database_url, FLASK_APP="cocreatie")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "export.zip"
        started = time.monotonic()
        process = subprocess.Popen([str(FLASK), "--app", "cocreatie", "export", str(target)], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"flask export failed: {process.stderr.read().decode(errors='replace')[-2000:]}")
        process.stderr.close()
        return ExportFigures(seconds, usage.ru_maxrss / 1024, target.stat().st_size / 2**20)
