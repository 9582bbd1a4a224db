"""Cold-start timings of formhelper commands: medians over several runs, and peak memory.

Run: ``python benchmarks/run.py [--runs N]``.  Prints one line per command:
median and min wall time, and the peak resident memory of the child process.
Targets (issue 7): under 0.25 s for --help, check-1099r and compute; these are
measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pro-rata-conversion-2025.toml"

COMMANDS: dict[str, list[str]] = {
    "formhelper --help": ["--help"],
    "formhelper compute SAMPLE": ["compute", str(SAMPLE)],
    "formhelper compute SAMPLE --json": ["compute", str(SAMPLE), "--json"],
    "formhelper check-1099r --code 7": ["check-1099r", "--code", "7"],
}


#: Runs a command and prints the peak RSS of that one child (KiB): ru_maxrss of
#: RUSAGE_CHILDREN is the largest child so far, so each measurement needs its own parent.
_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measure(args: list[str], runs: int) -> tuple[float, float, float]:
    command = [sys.executable, "-m", "formhelper", *args]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    peak = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True,
                          text=True, check=True)
    return statistics.median(times), min(times), int(peak.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    print(f"# {platform.python_implementation()} {platform.python_version()} on "
          f"{platform.machine()}, {runs} runs each")
    for name, args in COMMANDS.items():
        median, best, peak = measure(args, runs)
        print(f"{name:<40} median {median * 1000:7.1f} ms  min {best * 1000:7.1f} ms  "
              f"peak RSS {peak:6.1f} MiB")


if __name__ == "__main__":
    main()
