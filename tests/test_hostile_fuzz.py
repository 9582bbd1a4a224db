"""A command-line fuzz over hostile inputs (issue 15): compute, check-1099r, plan,
basis import/show and forms add, each input in a fresh folder.

Every run must end with exit status 0, 1 or 2, no traceback, in under
:data:`MAX_SECONDS`, the process under :data:`MAX_RSS` bytes, and nothing written
outside the folders given (the output folder and the cache).

Small by default (:data:`DEFAULT_INPUTS`); ``FORMHELPER_FUZZ_INPUTS=10000`` runs the
full fuzz (two worker processes, a few minutes).  Run it alone with
``python tests/test_hostile_fuzz.py 10000``: it prints the numbers.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import resource
import shutil
import signal
import sys
import time
import tomllib
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DEFAULT_INPUTS = 120
MAX_SECONDS = 10.0
MAX_RSS = 1 << 30
COMMANDS = ("compute", "check-1099r", "plan", "basis-import", "basis-show", "forms-add")


# ---------------------------------------------------------------------------
# Inputs


@dataclass
class Case:
    """One input: the command line (``{in}``/``{out}`` stand for the folders) and the
    files to create in the input folder."""

    command: str
    args: list[str]
    files: dict[str, bytes] = field(default_factory=dict)


ODD_NUMBERS = ["1e100", "1e28", "1e99999999", "-1e9999", "1E+999999", "NaN", "inf", "-0",
               "0x10", "１２３", "٢٠٢٤", "1" * 5000, "", " ", "1,2,3", "$-5", "12.345",
               "9" * 30, "-1", "0", "2025", "3.5e3", "\u2028", "1_000", "1" * 20_000 + "x"]
ODD_TEXT = ["", "x" * 100_000, "\n", "a\x00b", "Łukasz Żółw", "Иван", "漢字", "😀", "../..",
            "7D", "G", "Q", "ZZ", "12", "\t", "\\", '"', "'; rm -rf /", "NaN"]


def _samples() -> list[dict[str, Any]]:
    return [tomllib.loads(p.read_text()) for p in sorted(SAMPLES.glob("*.toml"))]


def _mutate(rng: random.Random, data: Any, depth: int = 0) -> Any:
    """``data`` with a few values replaced by odd ones, keys added or removed."""
    if isinstance(data, dict):
        out = dict(data)
        for key in list(out):
            roll = rng.random()
            if roll < 0.08:
                del out[key]
            elif roll < 0.3:
                out[key] = _mutate(rng, out[key], depth + 1)
        if rng.random() < 0.05:
            out[rng.choice(ODD_TEXT)[:50]] = rng.choice(ODD_NUMBERS)
        return out
    if isinstance(data, list):
        return [_mutate(rng, item, depth + 1) for item in data] * rng.choice([1, 1, 1, 2])
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(ODD_NUMBERS)
    if roll < 0.6:
        return rng.choice(ODD_TEXT)[:200]
    if roll < 0.7:
        return rng.randint(-(10**20), 10**20)
    return data


def _toml(data: dict[str, Any], path: str = "") -> str:
    """``data`` as TOML: plain values, then tables and arrays of tables by their path."""
    lines: list[str] = []
    later: list[str] = []
    for key, value in data.items():
        name = json.dumps(str(key), ensure_ascii=False)
        full = f"{path}.{name}" if path else name
        if isinstance(value, dict):
            later += ["", f"[{full}]", _toml(value, full)]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                later += ["", f"[[{full}]]", _toml(item, full)]
        else:
            lines.append(f"{name} = {json.dumps(value, default=str, ensure_ascii=False)}")
    return "\n".join(lines + later)


def _case_text(rng: random.Random, samples: list[dict[str, Any]]) -> tuple[str, bytes]:
    data = _mutate(rng, rng.choice(samples))
    kind = rng.random()
    if kind < 0.45:
        return "case.json", json.dumps(data, default=str).encode()
    if kind < 0.85:
        return "case.toml", _toml(data).encode("utf-8", "surrogatepass")
    return rng.choice(list(_structural(rng).items()))


def _structural(rng: random.Random) -> dict[str, bytes]:
    """Small files that used to take gigabytes, recurse or flood."""
    n = rng.choice([40, 1000, 40_000])
    return {
        "dotted.toml": ("a" + ".a" * n + " = 1\n").encode(),
        "deep.json": ('{"a":' + "[" * 5000 + "]" * 5000 + "}").encode(),
        "many.json": json.dumps({f"k{i}": i for i in range(30_000)}).encode(),
        "dup.json": b'{"tax_year": 2025, "tax_year": 2024}',
        "flood.toml": "".join(f"[x{i}]\ny = 1\n" for i in range(5000)).encode(),
        "long.json": json.dumps({"tax_year": "9" * 1_000_000}).encode(),
        "binary.toml": rng.randbytes(rng.randint(0, 3000)),
        "bom.json": b"\xef\xbb\xbf" + b"{" * rng.randint(1, 50),
    }


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, trailer, xref))
    return bytes(out)


def _with_files(streams: list[bytes], trailer: bytes = b"") -> bytes:
    names = b" ".join(b"(f%d.json) %d 0 R" % (i, 5 + 2 * i) for i in range(len(streams)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
               b"<< /Names [" + names + b"] >>"]
    for i, body in enumerate(streams):
        objects.append(b"<< /Type /Filespec /F (f%d.json) /EF << /F %d 0 R >> >>" % (i, 6 + 2 * i))
        objects.append(body)
    return _pdf(objects, trailer)


def _stream(data: bytes, filters: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), filters) + data + b"\nendstream"


def pdf_pool() -> dict[str, bytes]:
    """PDFs for basis import/show and forms add: ours, blanks, damaged, hostile."""
    from formhelper.app.prepare import build
    from formhelper.calc import compute_return
    from formhelper.files.casefile import load_case
    from formhelper.files.years import load, load_codes

    pool: dict[str, bytes] = {}
    forms = Path(os.environ.get("FORMHELPER_FORMS_DIR", ROOT.parent / "shared" / "irs-forms"))
    for form, year in (("f8606", 2025), ("f1040", 2025), ("f5329", 2025), ("f1040", 2024)):
        path = forms / str(year) / f"{form}.pdf"
        if path.is_file():
            pool[f"blank-{year}-{form}.pdf"] = path.read_bytes()
    if "blank-2025-f8606.pdf" in pool:
        case = load_case(SAMPLES / "pro-rata-conversion-2025.toml")
        outputs = build(case, compute_return(case, load(2025), load_codes(2025)), load(2025),
                        forms_dir=forms).outputs
        pool["ours-8606.pdf"] = next(o.data for o in outputs if o.name.startswith("f8606"))
        pool["basis-2025.json"] = next(o.data for o in outputs if o.name == "basis-2025.json")
    bomb = zlib.compress(zlib.compress(b"\0" * 20_000_000, 9), 9)
    pool["bomb.pdf"] = _with_files([_stream(bomb, b"/Filter [/FlateDecode /FlateDecode]")] * 40)
    pool["filter.pdf"] = _with_files([_stream(b"abc", b"/Filter /FooDecode")])
    pool["custom-crypt.pdf"] = _with_files([_stream(b"{}")], b"/Encrypt << /Filter /Foo >>")
    pool["aes.pdf"] = _with_files([_stream(b"{}")], (
        b"/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O <%s> /U <%s> /OE <%s> "
        b"/UE <%s> /Perms <%s> >> /ID [<00> <00>]"
        % (b"11" * 48, b"22" * 48, b"33" * 32, b"44" * 32, b"55" * 16)))
    pool["deep.pdf"] = _pdf([b"<< /Type /Catalog /X " + b"[" * 5000 + b"]" * 5000 + b" >>"])
    pool["nothing.pdf"] = b"%PDF-1.7\n"
    return pool


def _damaged(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:
        return bytes(out[: rng.randrange(1, len(out))])
    if kind == 1:
        for _ in range(rng.randint(1, 30)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == 2:
        at = rng.randrange(len(out))
        size = rng.randint(1, 3000)
        out[at:at + size] = bytes(size)
    else:
        at = rng.randrange(len(out))
        out[at:at] = rng.randbytes(rng.randint(1, 500))
    return bytes(out)


def make_cases(count: int, seed: int = 15) -> list[Case]:
    """``count`` inputs, spread over :data:`COMMANDS`."""
    rng = random.Random(seed)
    samples = _samples()
    pdf_names = sorted(pdf_pool_names())
    cases: list[Case] = []
    for index in range(count):
        command = COMMANDS[index % len(COMMANDS)]
        if command == "compute":
            name, data = _case_text(rng, samples)
            args = ["compute", "{in}/" + name] + (["--json"] if rng.random() < 0.5 else [])
            if rng.random() < 0.03:
                args = ["compute", rng.choice(["/dev/zero", "{in}", "{in}/fifo", "{in}/nope"])]
            cases.append(Case(command, args, {name: data}))
        elif command == "check-1099r":
            if rng.random() < 0.3:
                name, data = _case_text(rng, samples)
                cases.append(Case(command, ["check-1099r", "{in}/" + name], {name: data}))
                continue
            args = ["check-1099r", "--code", rng.choice([*ODD_TEXT, "7", "G", "1", "2D", "H"])]
            for option in rng.sample(["--age", "--year", "--box1", "--box2a", "--box4",
                                      "--box5", "--box11"], rng.randint(0, 4)):
                args += [option, rng.choice(ODD_NUMBERS)]
            if rng.random() < 0.5:
                args.append("--ira")
            cases.append(Case(command, args))
        elif command == "plan":
            options = {"--year": "2025", "--filing-status": "single",
                       "--taxable-income": "80000", "--balance": "100000", "--bracket": "22"}
            for option in rng.sample(["--year", "--taxable-income", "--balance", "--basis",
                                      "--bracket", "--years", "--growth", "--inflation",
                                      "--wages", "--other-income", "--deduction"],
                                     rng.randint(1, 3)):
                options[option] = rng.choice(ODD_NUMBERS)
            if "--wages" in options or "--other-income" in options:
                options.pop("--taxable-income", None)
            args = ["plan", *[part for pair in options.items() for part in pair]]
            if rng.random() < 0.1:
                args += ["--pdf", "{out}/plan.pdf"]
            cases.append(Case(command, [a for a in args if a is not None]))
        elif command in ("basis-import", "basis-show"):
            files, target = _basis_input(rng, pdf_names)
            verb = command.split("-")[1]
            args = ["basis", verb, "{in}/" + target]
            if verb == "import":
                if rng.random() < 0.3:
                    args += ["--year", rng.choice([*ODD_NUMBERS, "2026"])]
                if rng.random() < 0.3:
                    args += ["-o", "{out}/next.toml"]
                args += ["--date-of-birth", "1970-01-01"]
            elif rng.random() < 0.3:
                args += ["--missing-8606", rng.choice(ODD_NUMBERS), rng.choice(ODD_NUMBERS)]
            cases.append(Case(command, args, files))
        else:
            blanks = [n for n in pdf_names if n.startswith(("blank-", "ours-"))]
            source = rng.choice(blanks or pdf_names)
            cases.append(Case(command, ["forms", "add", "{in}/in.pdf"],
                              {"in.pdf": f"@{source}@{rng.random() < 0.8}".encode()}))
    return cases


def pdf_pool_names() -> list[str]:
    names = ["bomb.pdf", "filter.pdf", "custom-crypt.pdf", "aes.pdf", "deep.pdf",
             "nothing.pdf"]
    forms = Path(os.environ.get("FORMHELPER_FORMS_DIR", ROOT.parent / "shared" / "irs-forms"))
    if (forms / "2025" / "f8606.pdf").is_file():
        names += ["ours-8606.pdf", "basis-2025.json", "blank-2025-f8606.pdf"]
    return names


def _basis_input(rng: random.Random, pdf_names: list[str]) -> tuple[dict[str, bytes], str]:
    """A record (mutated JSON) or a PDF of the pool (as is or damaged)."""
    if rng.random() < 0.5 and "basis-2025.json" in pdf_names:
        return {"in.json": b"@basis-2025.json@mutate"}, "in.json"
    source = rng.choice([n for n in pdf_names if n.endswith(".pdf")])
    return {"in.pdf": f"@{source}@{rng.random() < 0.6}".encode()}, "in.pdf"


# ---------------------------------------------------------------------------
# Running


@dataclass
class Result:
    index: int
    command: str
    code: int | None
    seconds: float
    problem: str = ""


_POOL: dict[str, bytes] = {}


def _materialize(case: Case, folder: Path, rng: random.Random) -> None:
    for name, data in case.files.items():
        if data.startswith(b"@") and data.count(b"@") == 2:
            _at, source, how = data.decode().split("@")
            raw = _POOL[source]
            if how == "mutate":
                try:
                    record = json.loads(raw)
                    raw = json.dumps(_mutate(rng, record), default=str).encode()
                except ValueError:
                    pass
            elif how == "True":
                raw = _damaged(rng, raw)
            data = raw
        (folder / name).write_bytes(data)
    if hasattr(os, "mkfifo"):
        with contextlib.suppress(OSError):
            os.mkfifo(folder / "fifo")


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            info = path.lstat()
            out[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return out


class _Runaway(BaseException):
    pass


def _on_prof(_signum: int, _frame: Any) -> None:
    raise _Runaway


def run_chunk(chunk: list[tuple[int, Case]], workdir: str) -> tuple[list[Result], int]:
    """Run inputs in this process, each in a fresh folder under ``workdir``; the results
    and the process's peak resident memory in bytes."""
    from formhelper.cli import main

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    base = Path(workdir)
    home = base / "home"
    home.mkdir(parents=True, exist_ok=True)
    for variable in ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[variable] = str(home)
    os.environ["FORMHELPER_CACHE_DIR"] = str(home / "cache")
    os.environ["FORMHELPER_DATA_DIR"] = str(home / "data")
    if not _POOL:
        _POOL.update(pdf_pool())
    signal.signal(signal.SIGPROF, _on_prof)
    results: list[Result] = []
    outside_before = _tree(base)
    for index, case in chunk:
        rng = random.Random(index)
        folder = base / f"s{index}"
        (folder / "in").mkdir(parents=True)
        (folder / "out").mkdir()
        _materialize(case, folder / "in", rng)
        given = _tree(folder / "in")
        args = [a.replace("{in}", str(folder / "in")).replace("{out}", str(folder / "out"))
                for a in case.args]
        out, err = io.StringIO(), io.StringIO()
        start = time.monotonic()
        problem = ""
        code: int | None = None
        cwd = os.getcwd()
        os.chdir(folder)
        signal.setitimer(signal.ITIMER_PROF, 60)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except _Runaway:
            problem = "runaway: over 60 s of CPU"
        except BaseException as exc:  # the fuzz records every escape
            import traceback

            problem = "traceback: " + "".join(
                traceback.format_exception(exc))[-1500:]
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            os.chdir(cwd)
        seconds = time.monotonic() - start
        if not problem and code not in (0, 1, 2):
            problem = f"exit status {code}"
        if not problem and "Traceback" in err.getvalue():
            problem = "traceback on stderr: " + err.getvalue()[-800:]
        if not problem and seconds > MAX_SECONDS:
            problem = f"took {seconds:.1f} s"
        if not problem and _tree(folder / "in") != given:
            problem = "changed the input folder"
        if not problem:
            stray = [p for p in _tree(folder) if not p.startswith(("in", "out"))]
            if stray:
                problem = f"wrote outside the folders given: {stray[:3]}"
        shutil.rmtree(folder, ignore_errors=True)
        if not problem:
            outside = {k for k in set(_tree(base)) - set(outside_before)
                       if not k.startswith(("home", f"s{index}"))}
            if outside:
                problem = f"wrote outside the folders given: {sorted(outside)[:3]}"
        results.append(Result(index, case.command, code, seconds, problem))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return results, peak


def fuzz(count: int, workdir: Path, jobs: int = 2) -> tuple[list[Result], int]:
    """Run ``count`` inputs on ``jobs`` processes; (results, highest peak memory)."""
    cases = list(enumerate(make_cases(count)))
    chunks = [cases[i::jobs] for i in range(jobs)]
    results: list[Result] = []
    peak = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_chunk, chunk, str(workdir / f"w{i}"))
                   for i, chunk in enumerate(chunks)]
        for future in futures:
            chunk_results, chunk_peak = future.result()
            results += chunk_results
            peak = max(peak, chunk_peak)
    return sorted(results, key=lambda r: r.index), peak


def summary(results: list[Result], peak: int) -> str:
    lines = [f"{len(results)} inputs, peak memory of a worker {peak / 2**20:.0f} MiB"]
    for command in COMMANDS:
        mine = [r for r in results if r.command == command]
        if not mine:
            continue
        codes = {c: sum(1 for r in mine if r.code == c) for c in sorted(
            {r.code for r in mine}, key=str)}
        slowest = max(mine, key=lambda r: r.seconds)
        lines.append(f"  {command:<13} {len(mine):>6} runs, exit {codes}, slowest "
                     f"{slowest.seconds:.2f} s (#{slowest.index}), problems "
                     f"{sum(1 for r in mine if r.problem)}")
    lines += [f"  #{r.index} {r.command}: {r.problem}" for r in results if r.problem][:20]
    return "\n".join(lines)


@pytest.mark.slow
def test_hostile_fuzz(tmp_path: Path) -> None:
    count = int(os.environ.get("FORMHELPER_FUZZ_INPUTS", DEFAULT_INPUTS))
    results, peak = fuzz(count, tmp_path)
    report = summary(results, peak)
    print(report)
    assert len(results) == count
    assert not [r for r in results if r.problem], report
    assert peak < MAX_RSS, report


if __name__ == "__main__":
    import tempfile

    total = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_INPUTS
    with tempfile.TemporaryDirectory() as scratch:
        start = time.monotonic()
        found, highest = fuzz(total, Path(scratch))
        print(summary(found, highest))
        print(f"{time.monotonic() - start:.0f} s in all")
