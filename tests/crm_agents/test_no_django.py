"""``crm_agents`` must stay importable and usable without Django."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import crm_agents

PACKAGE_DIR = Path(crm_agents.__file__).parent
REPO_ROOT = PACKAGE_DIR.parent

# Imports every module of the package in a fresh interpreter, then reports any
# Django module that came along (directly or through a dependency).
_IMPORT_ALL = """
import importlib, pkgutil, sys
import crm_agents
for module in pkgutil.walk_packages(crm_agents.__path__, "crm_agents."):
    importlib.import_module(module.name)
print("\\n".join(sorted(name for name in sys.modules if name.split(".")[0] == "django")))
"""


def test_importing_every_module_loads_no_django():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))

    finished = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "", f"Django modules loaded: {finished.stdout.split()}"


def test_no_source_file_imports_django():
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            offenders += [
                f"{path.relative_to(REPO_ROOT)}:{node.lineno} {name}"
                for name in names
                if name.split(".")[0] in {"django", "rest_framework"}
            ]

    assert offenders == []
