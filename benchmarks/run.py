"""Cold-start timings of formhelper commands: medians over several runs, and peak memory.

Run: ``python benchmarks/run.py [--runs N] [--cases N] [--jobs N] [--no-batch]``.
Prints one line per command: median and min wall time, and the peak resident
memory of the child process.  Then a batch: ``formhelper prepare-batch`` over
``--cases`` generated case files (default 1,000, varied: backdoor Roth,
pro-rata conversions, plan rollovers to a Roth IRA, in-plan Roth rollovers,
early Roth IRA distributions, married couples; tax years 2024-2026) into one
folder each, with ``--jobs`` worker processes (default: every CPU).

Targets (issue 7): under 0.25 s for --help, check-1099r and compute; under
0.4 s for one ``prepare`` (cold); under 30 s for the 1,000-case batch.  They are
measured here, never asserted in tests.  formhelper is compiled to bytecode
first (``--no-compile`` to skip: see :func:`compile_package`).  Blank forms come from
``FORMHELPER_FORMS_DIR`` (``prepare`` without them writes no PDFs and is not
a fair measurement: the script says so).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def measure_prepare(runs: int, work: Path) -> tuple[float, float, float, float]:
    """``formhelper prepare SAMPLE -o NEW_FOLDER``, cold, each run into a fresh folder.

    The first run (timed alone) finds no field index of the blanks in the cache and
    parses them in full; the others open them from the index it kept.
    """
    def once(out: Path) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "formhelper", "prepare", str(SAMPLE), "-o",
                        str(out), "--offline"], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    first = once(work / "prepare-first")
    times = [once(work / f"prepare-{run}") for run in range(runs)]
    out = work / "prepare-peak"
    peak = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-m", "formhelper",
                           "prepare", str(SAMPLE), "-o", str(out), "--offline"],
                          capture_output=True, text=True, check=True)
    return first, statistics.median(times), min(times), int(peak.stdout) / 1024


def compile_package() -> None:
    """Compile formhelper's modules to bytecode, as pip does when it installs a wheel.

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (set on some machines)
    would otherwise compile every formhelper module from source in every run, about
    100 ms of a ``prepare``: not what a user's installed copy does.
    """
    import compileall

    import formhelper

    compileall.compile_dir(Path(formhelper.__file__).parent, quiet=1)


# ---------------------------------------------------------------------------
# Generated case files for the batch


def _person(rng: random.Random, tax_year: int, age: int) -> dict[str, Any]:
    first = rng.choice(["Alex", "Sam", "Robin", "Jordan", "Dana", "Lee", "Zoë", "José", "Mía"])
    last = rng.choice(["Example", "Sample", "Case", "Müller", "O'Brien", "Nguyen", "Smith"])
    born = f"{tax_year - age}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    person: dict[str, Any] = {"name": f"{first} {last}", "date_of_birth": born}
    if rng.random() < 0.5:
        person["ssn"] = f"{rng.randint(100, 899):03d}-{rng.randint(10, 99)}-" \
                        f"{rng.randint(1000, 9999)}"
    return person


def _ira_form(rng: random.Random, owner: str, age: int, converted: int, kept: int = 0,
              withheld: int = 0) -> dict[str, Any]:
    box_1 = converted + kept + withheld
    return {"owner": owner, "payer": "Generated Brokerage", "box_1": box_1, "box_2a": box_1,
            "box_2b_taxable_not_determined": True, "box_4": withheld,
            "box_7": "7" if age >= 60 else "2", "ira_sep_simple": True,
            "disposition": {"converted_to_roth_ira": converted}}


def generate_case(rng: random.Random) -> dict[str, Any]:
    """One valid, plausible case: the situations ``samples/`` covers, amounts varied."""
    tax_year = rng.choice([2024, 2025, 2025, 2025, 2026, 2026])
    kind = rng.choice(["backdoor", "pro-rata", "plan-to-roth", "in-plan", "early-roth",
                       "married"])
    age = rng.randint(35, 72)
    taxpayer = _person(rng, tax_year, age)
    case: dict[str, Any] = {"tax_year": tax_year, "filing_status": "single",
                            "taxpayer": taxpayer, "forms_1099r": []}
    forms: list[dict[str, Any]] = case["forms_1099r"]
    if kind == "backdoor":
        amount = rng.choice([6000, 6500, 7000, 8000])
        taxpayer["ira"] = {"nondeductible_contributions": amount,
                           "year_end_value": rng.randint(0, 50)}
        forms.append(_ira_form(rng, "taxpayer", age, amount + rng.randint(0, 40)))
    elif kind == "pro-rata":
        converted = rng.randrange(5_000, 200_000, 100)
        taxpayer["ira"] = {"prior_basis": rng.randrange(0, 50_000, 500),
                           "nondeductible_contributions": rng.choice([0, 7000]),
                           "year_end_value": rng.randrange(0, 500_000, 1000)}
        forms.append(_ira_form(rng, "taxpayer", age, converted,
                               kept=rng.choice([0, 0, 2_000]),
                               withheld=rng.choice([0, 0, 1_000])))
    elif kind in ("plan-to-roth", "in-plan"):
        box_1 = rng.randrange(10_000, 300_000, 100)
        after_tax = rng.randrange(0, box_1 // 2, 100)
        where = "converted_to_roth_ira" if kind == "plan-to-roth" else "in_plan_roth_rollover"
        forms.append({"payer": "Generated 401(k) Plan", "box_1": box_1,
                      "box_2a": box_1 - after_tax, "box_5": after_tax, "box_7": "G",
                      "disposition": {where: box_1}})
    elif kind == "early-roth":
        taxpayer["date_of_birth"] = f"{tax_year - rng.randint(30, 55)}-06-01"
        basis = rng.randrange(0, 40_000, 500)
        layer = rng.randrange(1_000, 30_000, 500)
        taxpayer["roth"] = {"first_contribution_year": tax_year - rng.randint(2, 15),
                            "contribution_basis": basis,
                            "layers": [{"year": tax_year - rng.randint(1, 6), "taxable": layer}]}
        forms.append({"payer": "Roth Custodian", "box_1": rng.randrange(1_000, 80_000, 100),
                      "box_2b_taxable_not_determined": True, "box_7": "J"})
    else:
        case["filing_status"] = "married_filing_jointly"
        spouse_age = rng.randint(35, 72)
        case["spouse"] = _person(rng, tax_year, spouse_age)
        taxpayer["ira"] = {"nondeductible_contributions": 7000, "year_end_value": 0}
        case["spouse"]["ira"] = {"year_end_value": rng.randrange(0, 100_000, 1000)}
        forms.append(_ira_form(rng, "taxpayer", age, 7000))
        forms.append(_ira_form(rng, "spouse", spouse_age, rng.randrange(5_000, 50_000, 500),
                               withheld=rng.choice([0, 2_000])))
    return case


def generate_cases(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` case files (JSON) in ``folder``, the same ones for the same seed."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        path = folder / f"case-{index:04d}.json"
        path.write_text(json.dumps(generate_case(rng), indent=1, ensure_ascii=False))
        paths.append(path)
    return paths


def measure_batch(count: int, jobs: int, work: Path) -> tuple[float, float, int]:
    """One ``prepare-batch`` run: (seconds, peak RSS of the largest process in MiB, exit)."""
    cases_dir = work / "cases"
    cases_dir.mkdir()
    cases = generate_cases(cases_dir, count)
    out = work / "batch-out"
    command = [sys.executable, "-m", "formhelper", "prepare-batch", *map(str, cases), "-o",
               str(out), "--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK_STATUS, *command],
                          stdout=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - start
    peak_kib, status = (int(x) for x in done.stdout.split())
    folders = sum(1 for p in out.iterdir() if p.is_dir()) if out.is_dir() else 0
    if folders != count:
        print(f"warning: {folders} output folders for {count} cases", file=sys.stderr)
    return seconds, peak_kib / 1024, status


#: Like :data:`_PEAK`, also printing the exit status (stderr passed through: the
#: progress bar shows).
_PEAK_STATUS = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cases", type=int, default=1000, help="case files in the batch")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes of the batch")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch")
    parser.add_argument("--no-compile", action="store_true",
                        help="do not compile formhelper to bytecode first (see compile_package)")
    options = parser.parse_args()
    runs = options.runs
    if not options.no_compile:
        compile_package()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {platform.python_implementation()} {platform.python_version()} on "
          f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load:.2f} at start, "
          f"{runs} runs each")
    if not os.environ.get("FORMHELPER_FORMS_DIR"):
        print("# FORMHELPER_FORMS_DIR is not set: prepare fills PDFs only if the blanks are in "
              "the user cache")
    for name, args in COMMANDS.items():
        median, best, peak = measure(args, runs)
        print(f"{name:<40} median {median * 1000:7.1f} ms  min {best * 1000:7.1f} ms  "
              f"peak RSS {peak:6.1f} MiB")
    work = Path(tempfile.mkdtemp(prefix="formhelper-bench-"))
    if os.environ.get("FORMHELPER_FORMS_DIR"):
        # A cache of its own: the first prepare finds no field index of the blanks.
        os.environ["FORMHELPER_CACHE_DIR"] = str(work / "cache")
    try:
        first, median, best, peak = measure_prepare(runs, work)
        print(f"{'formhelper prepare SAMPLE -o DIR':<40} median {median * 1000:7.1f} ms  "
              f"min {best * 1000:7.1f} ms  peak RSS {peak:6.1f} MiB  "
              f"(first run, no blank index yet: {first * 1000:.1f} ms)")
        if not options.no_batch:
            seconds, peak, status = measure_batch(options.cases, options.jobs, work)
            name = f"prepare-batch {options.cases} cases -j {options.jobs}"
            print(f"{name:<40} total  {seconds:7.1f} s   "
                  f"{seconds / options.cases * 1000:6.1f} ms/case  peak RSS {peak:6.1f} MiB"
                  + ("" if status == 0 else f"  EXIT STATUS {status}"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
