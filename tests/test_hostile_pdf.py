"""Hostile PDFs (issue 15): decompression bombs and slow files bounded per file, never a
traceback for an unknown filter, AES-256 or a custom security handler, an encrypted
Form 8606 read when it needs no password; ``forms add`` keeps a blank only once it is
proven blank and sound, writes exclusively and never through a link; filled forms
carry no script; names with accented Latin letters fill and show in every mode.
"""

from __future__ import annotations

import functools
import io
import json
import os
import stat
import zlib
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from formhelper.cli import main
from formhelper.pdf import blanks
from formhelper.pdf.bounded import MAX_DECODED, PdfRefused, bounded
from formhelper.pdf.fill import FillError, fill, read_values
from formhelper.pdf.fonts import FONT_NAME, unwritable
from formhelper.pdf.proof import prove
from pdfsupport import blank_path, forms_root
from support import SAMPLES

NAME = "topmostSubform[0].Page1[0].f1_01[0]"
LINE_1 = "topmostSubform[0].Page1[0].f1_09[0]"


# ---------------------------------------------------------------------------
# Crafted PDFs


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1; 1 is the catalog) with a valid xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, trailer, xref))
    return bytes(out)


def stream(data: bytes, filters: bytes = b"") -> bytes:
    head = b"<< /Length %d %s >>\nstream\n" % (len(data), filters)
    return head + data + b"\nendstream"


def with_files(files: list[bytes], trailer: bytes = b"") -> bytes:
    """A one-page PDF embedding each of ``files`` (stream objects) as an attachment."""
    names = b" ".join(b"(f%d.json) %d 0 R" % (i, 5 + 2 * i) for i in range(len(files)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
               b"<< /Names [" + names + b"] >>"]
    for i, body in enumerate(files):
        objects.append(b"<< /Type /Filespec /F (f%d.json) /EF << /F %d 0 R >> >>" % (i, 6 + 2 * i))
        objects.append(body)
    return pdf(objects, trailer)


def bomb() -> bytes:
    """40 streams of 20 MB of zeros each (800 MB; each under pypdf's per-stream cap),
    compressed twice: about 10 KB on disk."""
    payload = zlib.compress(zlib.compress(b"\0" * 20_000_000, 9), 9)
    return with_files([stream(payload, b"/Filter [/FlateDecode /FlateDecode]")] * 40)


@functools.cache
def prepared() -> dict[str, bytes]:
    """``prepare``'s outputs for a sample with a Form 8606 (it carries the record)."""
    from formhelper.app.prepare import build
    from formhelper.files.casefile import load_case
    from formhelper.files.years import load
    from support import run

    blank_path(2025, "f8606")
    case = load_case(SAMPLES / "pro-rata-conversion-2025.toml")
    return {o.name: o.data for o in build(case, run(case), load(2025),
                                          forms_dir=forms_root()).outputs}


def _refused(args: list[str], capsys: pytest.CaptureFixture[str], *words: str) -> str:
    code = main(args)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert all(line.startswith("error: ") for line in err.splitlines()), err
    for word in words:
        assert word in err, (word, err)
    return err


# ---------------------------------------------------------------------------
# Bounded work


def test_a_bomb_is_refused_within_the_budget(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A 10 KB PDF decoding to 800 MB took 1.5-4.4 GB through basis import/show and
    prepare --prior-record: now reading stops after MAX_DECODED bytes."""
    import resource

    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb())
    assert path.stat().st_size < 20_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for command in (["basis", "show", str(path)], ["basis", "import", str(path)],
                    ["prepare", str(SAMPLES / "pro-rata-conversion-2025.toml"), "-o",
                     str(tmp_path / "out"), "--prior-record", str(path)]):
        _refused(command, capsys, str(path), f"more than {MAX_DECODED:,} bytes")
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 4 * MAX_DECODED // 1024  # not the 800 MB the streams inflate to


def test_time_is_bounded_per_file() -> None:
    """A reading that goes on past the limit is stopped (here: an endless loop)."""
    with pytest.raises(PdfRefused, match=r"more than 0\.2 seconds"), \
            bounded("slow.pdf", seconds=0.2):
        while True:
            pass


def test_unknown_filter_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "filter.pdf"
    path.write_bytes(with_files([stream(b"abc", b"/Filter /FooDecode")]))
    _refused(["basis", "show", str(path)], capsys, str(path), "compression")


def test_aes256_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """pypdf's DependencyError (not a PyPdfError) was a traceback."""
    encrypt = (b"/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O <%s> /U <%s> "
               b"/OE <%s> /UE <%s> /Perms <%s> /CF << /StdCF << /CFM /AESV3 /Length 32 "
               b"/AuthEvent /DocOpen >> >> /StmF /StdCF /StrF /StdCF >> /ID [<00> <00>]"
               % (b"11" * 48, b"22" * 48, b"33" * 32, b"44" * 32, b"55" * 16))
    path = tmp_path / "aes.pdf"
    path.write_bytes(with_files([stream(b"{}")], encrypt))
    err = _refused(["basis", "show", str(path)], capsys, str(path))
    # With the cryptography package (pdfminer.six brings it) the AES handler opens and
    # asks for the password; without it the message names the missing package.
    assert "password" in err or ("encrypted" in err and "cryptography" in err)


def test_custom_security_handler_is_explained(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "custom.pdf"
    path.write_bytes(with_files([stream(b"{}")], b"/Encrypt << /Filter /FooSecurity /V 1 >>"))
    _refused(["basis", "import", str(path)], capsys, str(path), "encrypted", "without")


def _encrypted_8606(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(prepared()["f8606-taxpayer.pdf"])))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_encrypted_8606_that_needs_no_password_is_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f8606.pdf"
    path.write_bytes(_encrypted_8606(""))
    assert main(["basis", "import", str(path)]) == 0
    assert "tax_year = 2026" in capsys.readouterr().out


def test_an_encrypted_8606_with_a_password_says_how_to_remove_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f8606.pdf"
    path.write_bytes(_encrypted_8606("secret"))
    _refused(["basis", "import", str(path)], capsys, str(path), "password", "qpdf --decrypt")


# ---------------------------------------------------------------------------
# forms add: proven blank and sound


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FORMHELPER_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    blanks._read_checked.cache_clear()
    return folder


def _stored(cache: Path) -> Path:
    return cache / "forms" / "2025" / "f8606.pdf"


def test_a_genuine_blank_is_kept_private(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blank = blank_path(2025, "f8606")
    assert main(["forms", "add", str(blank)]) == 0
    assert capsys.readouterr().err == ""
    for path in (_stored(cache), _stored(cache).with_suffix(".pdf.sha256")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _stored(cache).read_bytes() == blank.read_bytes()
    assert not [p for p in _stored(cache).parent.iterdir() if p.name.endswith(".tmp")]


def test_a_filled_form_is_not_kept_and_its_ssn_not_shown(
        cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A filled Form 8606 stored as a blank put one person's SSN into every later return."""
    ssn = "123-45-6789"
    filled = fill(blank_path(2025, "f8606").read_bytes(),
                  {NAME: "Pat Example", "topmostSubform[0].Page1[0].f1_02[0]": ssn,
                   LINE_1: "7,000"}, attachments={"x.json": b"{}"})
    path = tmp_path / "filled.pdf"
    path.write_bytes(filled)
    err = _refused(["forms", "add", str(path)], capsys, "filled form, not a blank")
    assert ssn not in err
    assert not _stored(cache).exists()


def _with_script(kind: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(blank_path(2025, "f8606")))
    if kind == "javascript":  # a document-level script that is not Adobe's XFA check
        script = writer._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');")}))
        names = cast(DictionaryObject, writer._root_object["/Names"].get_object())
        names[NameObject("/JavaScript")] = DictionaryObject({NameObject("/Names"): ArrayObject(
            [TextStringObject("hello"), script])})
    else:
        writer.open_destination = writer.pages[0]  # /OpenAction
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["javascript", "open-action"])
def test_a_blank_with_scripts_or_actions_is_not_kept(
        kind: str, cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scripted.pdf"
    path.write_bytes(_with_script(kind))
    _refused(["forms", "add", str(path)], capsys, "not a sound blank")
    assert not _stored(cache).exists()


@pytest.mark.parametrize("damage", ["truncated", "xref", "zeros"])
def test_a_damaged_blank_is_not_kept(damage: str, cache: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """59 of 150 damaged blanks were kept; a truncated one gave an unreadable Form 8606."""
    data = bytearray(blank_path(2025, "f8606").read_bytes())
    if damage == "truncated":
        data = data[: len(data) * 9 // 10]
    elif damage == "xref":
        at = data.rindex(b"startxref") + len(b"startxref\n")
        data[at:at + 3] = b"999"
    else:
        middle = len(data) // 2
        data[middle:middle + 2000] = bytes(2000)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    code = main(["forms", "add", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert all(line.startswith("error: ") for line in err.splitlines()), err
    assert not _stored(cache).exists()


def test_forms_add_never_writes_through_a_planted_link(
        cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fixed-name temporary file and the .sha256 were written through links."""
    folder = _stored(cache).parent
    folder.mkdir(parents=True)
    victims = []
    for name in ("f8606.pdf.tmp", "f8606.pdf.sha256", "f8606.pdf"):
        victim = tmp_path / f"victim-{name}"
        victim.write_text("keep me")
        (folder / name).symlink_to(victim)
        victims.append(victim)
    assert main(["forms", "add", str(blank_path(2025, "f8606"))]) == 0
    capsys.readouterr()
    assert all(v.read_text() == "keep me" for v in victims)
    assert not _stored(cache).is_symlink() and _stored(cache).is_file()


def test_forms_add_refuses_a_cache_folder_that_is_a_link(
        cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (cache / "forms").mkdir(parents=True)
    (cache / "forms" / "2025").symlink_to(elsewhere)
    _refused(["forms", "add", str(blank_path(2025, "f8606"))], capsys, "symbolic link")
    assert list(elsewhere.iterdir()) == []


def test_forms_add_and_dump_print_no_pypdf_log_lines(
        cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(blank_path(2025, "f8606").read_bytes())
    at = data.rindex(b"startxref") + len(b"startxref\n")
    data[at:at + 3] = b"999"  # pypdf warns and rebuilds the cross-reference table
    path = tmp_path / "odd.pdf"
    path.write_bytes(bytes(data))
    for command in ("add", "dump"):
        main(["forms", command, str(path)])
        err = capsys.readouterr().err
        assert all(line.startswith("error: ") for line in err.splitlines()), err


def test_a_blank_in_a_forms_folder_is_proven_before_it_is_filled(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same proof guards --forms-dir and FORMHELPER_FORMS_DIR."""
    monkeypatch.delenv("FORMHELPER_FORMS_DIR", raising=False)
    folder = tmp_path / "forms" / "2025"
    folder.mkdir(parents=True)
    (folder / "f8606.pdf").write_bytes(prepared()["f8606-taxpayer.pdf"])
    with pytest.raises(blanks.BlankMissing, match="filled form, not a blank"):
        blanks.find_blank("f8606", 2025, tmp_path / "forms")


def test_filled_forms_carry_no_script() -> None:
    """The IRS blanks carry Adobe's XFA version-check JavaScript; a filled form does not."""
    blank = blank_path(2025, "f8606").read_bytes()
    assert "/JavaScript" in cast(DictionaryObject, PdfReader(io.BytesIO(blank))
                                 .root_object["/Names"].get_object())
    assert prove(blank, "f8606", 2025, "blank")[1] == []
    for flatten in (False, True):
        out = PdfReader(io.BytesIO(fill(blank, {LINE_1: "7,000"}, flatten=flatten)))
        names = out.root_object.get("/Names")
        assert names is None or "/JavaScript" not in names.get_object()
        assert "/OpenAction" not in out.root_object


# ---------------------------------------------------------------------------
# Names with accented Latin letters


@pytest.mark.parametrize("name", ["Łukasz Żółw", "Ōtani Shōhei", "Şerban Ăndrei Đorđe"])
@pytest.mark.parametrize("flatten", [False, True])
def test_accented_latin_names_fill_and_show(name: str, flatten: bool,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    blank = blank_path(2025, "f8606").read_bytes()
    out = fill(blank, {NAME: name, LINE_1: "7,000"}, flatten=flatten)
    assert capsys.readouterr().err == ""  # pypdf's font-encoding warning was printed
    reader = PdfReader(io.BytesIO(out))
    if flatten:
        assert name in reader.pages[0].extract_text()
        return
    assert read_values(out)[NAME] == name
    widget = next(a.get_object() for a in cast(ArrayObject, reader.pages[0]["/Annots"])
                  if a.get_object().get("/T") == "f1_01[0]")
    assert FONT_NAME in str(widget["/DA"])
    appearance = widget["/AP"]["/N"].get_object().get_data()
    assert b"?" not in appearance  # it was drawn "?ukasz ?ó?w"


def test_a_name_the_form_cannot_show_names_the_case_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (SAMPLES / "pro-rata-conversion-2025.toml").read_text()
    case = tmp_path / "case.toml"
    case.write_text(text.replace('name = "', 'name = "Иван ', 1))
    err = _refused(["prepare", str(case), "-o", str(tmp_path / "out"), "--forms-dir",
                    str(forms_root())], capsys, "taxpayer.name", "Latin letters")
    assert "topmostSubform" not in err
    assert unwritable("Łukasz Ōtani Şerban") == []
    assert unwritable("Иван 漢") == ["И", "в", "а", "н", "漢"]


def test_fill_failures_name_the_case_field() -> None:
    blank = blank_path(2025, "f8606").read_bytes()
    ssn = "topmostSubform[0].Page1[0].f1_02[0]"
    with pytest.raises(FillError) as info:
        fill(blank, {ssn: "123-45-6789-0000"}, labels={ssn: "spouse.ssn"})
    assert str(info.value).startswith("spouse.ssn: '123-45-6789-0000' is 16 characters")
    assert "topmostSubform" not in str(info.value)


def test_trial_values_cover_every_field() -> None:
    from formhelper.pdf.opened import parsed
    from formhelper.pdf.proof import trial_values

    opened = parsed(blank_path(2025, "f1040").read_bytes())
    values = trial_values(opened)
    kinds = {info["kind"] for info in opened.fields.values()}
    assert "text" in kinds and "checkbox" in kinds
    assert len(values) == sum(1 for info in opened.fields.values()
                              if info["kind"] in ("text", "checkbox"))
    assert json.dumps(values)
    assert os.path.exists(blank_path(2025, "f1040"))
