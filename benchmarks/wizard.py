"""Wizard timings: time to the first screen (cold) and to recompute after one keystroke.

Run: ``python benchmarks/wizard.py [--runs N] [--keys N]``.  Prints medians.

- first screen: a new Python process opens the wizard on a sample case file
  (headless, 80x24) and reports when the review screen is mounted; measured from
  process start in the parent, so it includes interpreter start and imports;
- one keystroke: typing one digit into Form 8606 line 6 on the year-end screen, then
  waiting until the screen has handled it: the draft is saved (atomic write, fsync),
  checked, the return computed and the live lines redrawn.  Measured in process with
  Textual's pilot, and separately the part that is formhelper's (``Session.set``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pro-rata-conversion-2025.toml"

_FIRST = """
import asyncio, sys
from pathlib import Path
from formhelper.tui.app import make_app
async def main():
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("ready", flush=True)
asyncio.run(main())
"""


def first_screen(runs: int, work: Path) -> list[float]:
    times = []
    for n in range(runs):
        case = work / f"first-{n}.toml"
        shutil.copy(SAMPLE, case)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _FIRST, str(case)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("ready"):
                times.append(time.perf_counter() - start)
                break
        proc.wait()
        proc.stdout.close()
    return times


async def keystrokes(keys: int, work: Path) -> tuple[list[float], list[float]]:
    from formhelper.tui.app import make_app
    from formhelper.tui.widgets import dom_id

    case = work / "keys.toml"
    shutil.copy(SAMPLE, case)
    app = make_app(case)
    screen_times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_step("year_end")
        await pilot.pause()
        app.screen.query_one(f"#{dom_id('taxpayer.ira.year_end_value')}").focus()
        await pilot.pause()
        for n in range(keys):
            key = "backspace" if n % 2 else "1"
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            screen_times.append(time.perf_counter() - start)
    session = app.session
    assert session is not None
    core_times = []
    for n in range(keys):
        start = time.perf_counter()
        session.set("taxpayer.ira.year_end_value", str(50000 + n))
        core_times.append(time.perf_counter() - start)
    return screen_times, core_times


async def baseline(keys: int) -> list[float]:
    """The same pilot measurement on a bare Textual Input: the pilot's own wait."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = Bare()
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        for _ in range(keys):
            start = time.perf_counter()
            await pilot.press("1")
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keys", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["FORMHELPER_DATA_DIR"] = str(work / "data")
        first = first_screen(args.runs, work)
        screen, core = asyncio.run(keystrokes(args.keys, work))
        bare = asyncio.run(baseline(args.keys))
    ms = 1000
    print(f"wizard first screen (cold, review of SAMPLE): median "
          f"{statistics.median(first) * ms:.0f} ms, min {min(first) * ms:.0f} ms "
          f"over {len(first)} runs")
    print(f"one keystroke, handled and redrawn: median {statistics.median(screen) * ms:.1f} ms"
          f", max {max(screen) * ms:.1f} ms over {len(screen)} keys")
    print(f"  of which Session.set (save + check + compute): median "
          f"{statistics.median(core) * ms:.1f} ms")
    print(f"  baseline, a bare Textual Input measured the same way: median "
          f"{statistics.median(bare) * ms:.1f} ms (the pilot's own wait)")


if __name__ == "__main__":
    main()
