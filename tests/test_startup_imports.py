"""Starting the service or asking the CLI for help loads no codec, image or signal library.

scipy, dlib, OpenCV and PyAV cost seconds of start-up together (scipy.signal alone about 1.5 s),
paid again by every process that imports them; they load where a photo is decoded, a face found
or a sound filtered, not when a module that might one day do so is imported.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.process

HEAVY = ("scipy", "dlib", "cv2", "av")

REPORT = "print(','.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)"

IMPORT_THE_APP = "import sys, diapo.service.app; app = diapo.service.app.create_app\n" + REPORT

# `diapo --help` as the console script runs it, then what it loaded on the way.
HELP = (
    "import runpy, sys\n"
    "sys.argv = ['diapo', '--help']\n"
    "try:\n"
    "    runpy.run_module('diapo', run_name='__main__')\n"
    "except SystemExit as done:\n"
    "    assert done.code in (0, None), done.code\n" + REPORT
)


@pytest.mark.parametrize("program", [IMPORT_THE_APP, HELP], ids=["service-app", "cli-help"])
def test_start_up_loads_no_heavy_library(program: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", program.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    assert loaded == "", f"start-up loaded {loaded}"


@pytest.mark.parametrize("package", ["diapo.render", "diapo.music"])
def test_lazy_names_match_the_public_lists(package: str) -> None:
    import importlib

    module = importlib.import_module(package)
    assert set(module._HOMES) <= set(module.__all__)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    with pytest.raises(AttributeError):
        _ = module.no_such_name
