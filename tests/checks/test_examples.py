"""The golden corpus: each case overlays the valid base repository and states its findings.

``tests/examples/invalid/<case>/expected.txt`` lists every finding the case must produce, as
``path:line:col severity code message`` (the message pinned word for word); the test checks
exactly that set, that no traceback is printed, that the exit status is 1 (0 for warnings only)
and that no file changed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from incidentkit.report import FORMATS
from tests.conftest import EXAMPLES, Run

#: The clock of every case: ``validate`` warns about gaps in the 14 days after it. The base
#: schedule starts on 2026-01-05, so the base corpus has none; the ``schedule-gap`` case ends a
#: layer on 2026-03-09 (:mod:`incidentkit.clock`).
NOW = "2026-03-02T00:00:00Z"

CASES = sorted(p.name for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p.name for p in (EXAMPLES / "valid").iterdir() if p.is_dir())


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)


def _overlay(tmp_path: Path, case: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    shutil.copytree(case, repo, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return repo


def _digest(repo: Path) -> dict[str, str]:
    return {
        p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(repo.rglob("*")) if p.is_file()
    }


def _expected(case: Path) -> list[str]:
    file = case / "expected.txt"
    if not file.exists():
        return []
    return [line for line in file.read_text().splitlines() if line.strip()]


def _found(out: str) -> list[str]:
    data = json.loads(out)
    return [f"{f['path']}:{f['line']}:{f['col']} {f['severity']} {f['code']} {f['message']}"
            for f in data["findings"]]


def test_base_is_valid(run: Callable[..., Run]) -> None:
    result = run("-C", str(EXAMPLES / "base"), "validate")
    assert result.status == 0, result.out
    assert result.out == "7 files checked: 0 errors, 0 warnings\n"


@pytest.mark.parametrize("name", CASES)
def test_invalid_case(name: str, tmp_path: Path, run: Callable[..., Run]) -> None:
    case = EXAMPLES / "invalid" / name
    expected = _expected(case)
    assert expected, f"{name}: expected.txt must list the findings"
    repo = _overlay(tmp_path, case)
    before = _digest(repo)
    result = run("-C", str(repo), "validate", "--format", "json")
    assert sorted(_found(result.out)) == sorted(expected)
    assert "Traceback" not in result.out + result.err
    has_error = any(line.split()[1] == "error" for line in expected)
    assert result.status == (1 if has_error else 0)
    assert _digest(repo) == before


@pytest.mark.parametrize("name", VALID)
def test_valid_case(name: str, tmp_path: Path, run: Callable[..., Run]) -> None:
    case = EXAMPLES / "valid" / name
    repo = _overlay(tmp_path, case)
    result = run("-C", str(repo), "validate", "--format", "json")
    assert sorted(_found(result.out)) == sorted(_expected(case))
    assert result.status == 0


def test_text_report_names_file_line_col_and_fix(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = _overlay(tmp_path, EXAMPLES / "invalid" / "unknown-key")
    result = run("-C", str(repo), "validate")
    assert result.out == (
        "incidents/2026/2026-03-01-checkout-errors.yaml:13:3: error [unknown-key] "
        "unknown key 'scirbe': did you mean 'scribe'?\n"
        "8 files checked: 1 error, 0 warnings\n"
    )
    assert result.status == 1


def test_github_annotations(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = _overlay(tmp_path, EXAMPLES / "invalid" / "naive-timestamp")
    result = run("-C", str(repo), "validate", "--format", "github")
    assert result.out.splitlines()[0] == (
        "::error file=incidents/2026/2026-03-01-checkout-errors.yaml,line=13,col=13,"
        "title=incidentkit naive-timestamp::timestamp '2026-03-01T10:00:00' has no offset: add "
        "one, e.g. 2026-03-01T10:00:00Z or 2026-03-01T10:00:00+01:00"
    )


def test_paths_report_only_those_files(tmp_path: Path, run: Callable[..., Run]) -> None:
    """With paths, only those files are reported; references resolve repository-wide."""
    repo = _overlay(tmp_path, EXAMPLES / "invalid" / "dangling-oncall-refs")
    target = repo / "oncall" / "services.yaml"
    result = run("-C", str(repo), "validate", "--format", "json", str(target))
    assert sorted(" ".join(f.split()[:3]) for f in _found(result.out)) == [
        "oncall/services.yaml:11:22 error unknown-policy",
        "oncall/services.yaml:6:34 error unknown-runbook",
    ]


def test_alias_bomb_fails_fast_in_bounded_memory(tmp_path: Path) -> None:
    """A billion-laughs file is refused by a process capped at 512 MiB of address space."""
    import resource
    import subprocess
    import sys

    repo = _overlay(tmp_path, EXAMPLES / "invalid" / "alias-bomb")
    cap = 512 * 1024 * 1024
    code = (
        f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap})); "
        "from incidentkit.cli.main import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "-C", str(repo), "validate"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "[alias-bomb]" in done.stdout
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != cap  # the cap stayed in the child


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_finding_in_one_pass_in_every_format(
        fmt: str, tmp_path: Path, run: Callable[..., Run]) -> None:
    """A file's independent problems (a missing key, an unknown severity, person and service,
    times out of order) are all reported by the first run, whatever the format."""
    case = EXAMPLES / "invalid" / "every-finding-in-one-pass"
    repo = _overlay(tmp_path, case)
    result = run("-C", str(repo), "validate", "--format", fmt)
    assert result.status == 1
    expected = _expected(case)
    assert len(expected) == 5
    for line in expected:
        place, _, code, message = line.split(" ", 3)
        path, row, col = place.split(":")
        shown = {
            "text": f"{place}: error [{code}] {message}",
            "json": json.dumps(message),
            "github": f"::error file={path},line={row},col={col},title=incidentkit {code}::"
                      f"{message}",
        }.get(fmt, message)  # another format: the message at least
        assert shown in result.out, (fmt, line)
