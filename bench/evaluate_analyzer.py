"""Benchmark the local analyzer against the labeled data; see crm_agents.evaluation.

    python bench/evaluate_analyzer.py ../shared/data [--half even|odd|all] [--limit N]

The same as ``python -m crm_agents evaluate``, kept here so benchmarks live
together. It reads the data at run time and keeps nothing from it.
"""

import sys
from pathlib import Path

# Run from a checkout without installing the project.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_agents.cli import main

if __name__ == "__main__":
    sys.exit(main(["evaluate", *sys.argv[1:]]))
