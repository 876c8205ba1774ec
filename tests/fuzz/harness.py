"""The fuzz harness: mutate an incident repository, run a command on it, judge the outcome.

One working copy of a repository is mutated in place for each execution and restored after it
(copying the tree for every execution would cost more than most commands). A mutation is a
name and a seed, so hypothesis draws and shrinks lists of them, and a failure prints the
mutations that made it.

An execution fails when the command ends in an internal error or a traceback, exits with a
status other than 0, 1 or 2, lets an exception escape ``main``, or runs longer than the hang
limit (a timer interrupts it). Everything else, however the command judged the input, passes:
the point is that no input makes incidentkit crash or hang.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from incidentkit.cli.main import main

#: The fixed "now" of every execution (reports that depend on the clock stay comparable).
NOW = "2026-11-25T12:00:00Z"


class Hang(BaseException):
    """Raised by the timer inside a command that runs too long (a ``BaseException`` so the
    command's own ``except Exception`` cannot swallow it)."""


# --- mutations -------------------------------------------------------------------------------

EXTREME_TIMESTAMPS = (
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2026-02-30T10:00:00Z",
    "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z", "2026-01-01T10:00:00+24:00",
    "1969-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "2026-01-01T10:00", "2026-01-01",
)
EXTREME_DURATIONS = ("0s", "1s", "1m", "١h", "99999999999999w", "10000000d", "-1h", "1.5h",
                     "１h", "")
EXTREME_ZONES = ("Europe", "America", "x" * 300, "../../etc/passwd", "Etc/GMT+99", "UTC ",
                 "Europe/Berlin\x00", "posixrules")
EXTREME_TEXT = (
    "x" * 200_000, "\x07bell", "line\n::error ::injected", "<script>alert(1)</script>",
    "[x](javascript:alert(1))", "\x00", "\u202eRTL", "\ud7ff", "   ", "",
    "２０２６-11-21-look-alike", "{value!r}", "%s%s%s", "yes", "on", "1", "'true'",
)
SWAPPED_TYPES = ("[a, b]", "{x: 1}", "123", "-1", "1e309", "null", "true", "''", "~", ".nan",
                 "!!binary aGVsbG8=", "[[[[[[[[[[]]]]]]]]]]", "*undefined")
JS_LINKS = (
    "[a](javascript:alert(1))", "[r]\n\n[r]: javascript:alert(1)", "[c](\x01javascript:alert(1))",
    "![i](javascript:alert(1))", "| a |\n|---|\n| [s] |\n\n[s]: javascript:alert(1)",
    "<javascript:alert(1)>", "[e](&#106;avascript:alert(1))", "[m](JaVaScRiPt:alert(1))",
    "[d](data:text/html,<script>alert(1)</script>)", '<a href="javascript:alert(1)">x</a>',
)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*")
                  if ".git" not in p.parts and p.is_file() and not p.is_symlink())


def _text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


def _byte_flip(root: Path, rnd: random.Random) -> None:
    path = rnd.choice(_files(root))
    data = bytearray(path.read_bytes())
    for _ in range(rnd.randint(1, 4)):
        if data:
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    path.write_bytes(bytes(data))


def _lines(root: Path, rnd: random.Random, change: Callable[[list[str], int], None]) -> None:
    path = rnd.choice(_files(root))
    lines = _text_of(path).split("\n")
    change(lines, rnd.randrange(len(lines)))
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")


def _delete_line(root: Path, rnd: random.Random) -> None:
    _lines(root, rnd, lambda lines, i: lines.pop(i))


def _duplicate_line(root: Path, rnd: random.Random) -> None:
    _lines(root, rnd, lambda lines, i: lines.insert(i, lines[i]))


def _truncate(root: Path, rnd: random.Random) -> None:
    path = rnd.choice(_files(root))
    data = path.read_bytes()
    path.write_bytes(data[: rnd.randrange(len(data) + 1)])


def _replace_value(root: Path, rnd: random.Random, values: Sequence[str],
                   keys: Sequence[str] | None = None) -> None:
    """Replace the value of a ``key: value`` line (one of ``keys`` when it has any)."""
    path = rnd.choice(_files(root))
    lines = _text_of(path).split("\n")
    spots = [i for i, line in enumerate(lines)
             if ": " in line and (keys is None or line.strip(" -").split(":")[0] in keys)]
    if not spots:
        spots = [i for i, line in enumerate(lines) if ": " in line]
    if not spots:
        return
    i = rnd.choice(spots)
    head = lines[i].split(": ", 1)[0]
    value = rnd.choice(values)
    quoted = value if value in SWAPPED_TYPES else _quote(value, rnd)
    lines[i] = f"{head}: {quoted}"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")


def _quote(value: str, rnd: random.Random) -> str:
    """``value`` as YAML: plain, double-quoted with escapes, or single-quoted."""
    how = rnd.randrange(3)
    if how == 0 and value and all(c.isprintable() for c in value) and ":" not in value:
        return value
    if how == 1:
        escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                          for c in value)
        return f'"{escaped}"'
    return "'" + value.replace("'", "''").replace("\n", "\n\n") + "'"


def _swap_type(root: Path, rnd: random.Random) -> None:
    _replace_value(root, rnd, SWAPPED_TYPES)


def _extreme_time(root: Path, rnd: random.Random) -> None:
    _replace_value(root, rnd, EXTREME_TIMESTAMPS,
                   ("started_at", "detected_at", "acknowledged_at", "mitigated_at",
                    "resolved_at", "at", "from", "to", "start", "effective_until", "due",
                    "last_reviewed"))


def _extreme_duration(root: Path, rnd: random.Random) -> None:
    _replace_value(root, rnd, EXTREME_DURATIONS,
                   ("every", "after", "ack_within", "resolve_within", "update_every",
                    "due_after", "review_every", "rotation"))


def _extreme_zone(root: Path, rnd: random.Random) -> None:
    _replace_value(root, rnd, EXTREME_ZONES, ("timezone",))


def _extreme_text(root: Path, rnd: random.Random) -> None:
    _replace_value(root, rnd, EXTREME_TEXT,
                   ("title", "summary", "text", "name", "id", "incident", "handle", "reason",
                    "customer_facing", "commander", "owner", "severity", "status"))


def _special_file(root: Path, rnd: random.Random) -> None:
    path = rnd.choice(_files(root))
    path.unlink()
    what = rnd.randrange(6)
    if what == 0:
        os.mkfifo(path)
    elif what == 1:
        path.symlink_to("/dev/zero")
    elif what == 2:
        path.symlink_to("/dev/urandom")
    elif what == 3:
        path.symlink_to("/etc/hostname")
    elif what == 4:
        path.mkdir()
    else:
        path.symlink_to(path.name)  # a loop


def _amplify(root: Path, rnd: random.Random) -> None:
    """An anchored long text reused many times (within the alias node limit)."""
    path = rnd.choice([p for p in _files(root) if p.suffix == ".yaml"] or _files(root))
    times = rnd.choice((10, 1000, 12_000))
    size = rnd.choice((10, 1000, 50_000))
    uses = ", ".join(["*a"] * times)
    text = _text_of(path)
    path.write_text(f"{text}\nzz_anchor: &a '{'A' * size}'\nzz_uses: [{uses}]\n",
                    encoding="utf-8")


def _many_keys(root: Path, rnd: random.Random) -> None:
    path = rnd.choice([p for p in _files(root) if p.suffix == ".yaml"] or _files(root))
    count = rnd.choice((100, 5000, 80_000))
    extra = "".join(f"k{i}: {i}\n" for i in range(count))
    path.write_text(_text_of(path) + "\n" + extra, encoding="utf-8")


def _markdown_attack(root: Path, rnd: random.Random) -> None:
    targets = [p for p in _files(root) if p.suffix == ".md"]
    if not targets:
        return
    path = rnd.choice(targets)
    text = _text_of(path)
    if rnd.random() < 0.3:
        text += "\n" + "\n".join(f"## Heading {i}" for i in range(rnd.choice((10, 20_000))))
    text += "\n\n" + rnd.choice(JS_LINKS) + "\n"
    path.write_text(text, encoding="utf-8")


def _garbage(root: Path, rnd: random.Random) -> None:
    path = rnd.choice(_files(root))
    data = path.read_bytes()
    at = rnd.randrange(len(data) + 1)
    junk = rnd.choice((b"\xff\xfe", b"\x00\x00", "\u2028".encode(), b"---\n", b"%YAML 1.1\n",
                       b"\t", b": : :", b"- - -", b"&x\n", b"\xef\xbb\xbf", bytes(
                           rnd.randrange(256) for _ in range(rnd.randint(1, 16)))))
    path.write_bytes(data[:at] + junk + data[at:])


MUTATIONS: dict[str, Callable[[Path, random.Random], None]] = {
    "byte_flip": _byte_flip,
    "delete_line": _delete_line,
    "duplicate_line": _duplicate_line,
    "truncate": _truncate,
    "swap_type": _swap_type,
    "extreme_time": _extreme_time,
    "extreme_duration": _extreme_duration,
    "extreme_zone": _extreme_zone,
    "extreme_text": _extreme_text,
    "special_file": _special_file,
    "amplify": _amplify,
    "many_keys": _many_keys,
    "markdown_attack": _markdown_attack,
    "garbage": _garbage,
}


# --- commands --------------------------------------------------------------------------------

def _incident_id(root: Path, rnd: random.Random) -> str:
    stems = sorted(p.stem for p in (root / "incidents").rglob("*.yaml")) or ["2026-01-15-x"]
    return rnd.choice(stems)


def _command(name: str, root: Path, out: Path, rnd: random.Random) -> list[str]:
    """The arguments of command ``name`` on the repository at ``root``."""
    base = ["-C", str(root)]
    if name == "validate":
        return [*base, "validate", "--format", rnd.choice(("text", "json", "github"))]
    if name == "validate-file":
        files = _files(root) or [root / "incidentkit.yaml"]
        return [*base, "validate", str(rnd.choice(files))]
    if name == "log":
        return [*base, "log", _incident_id(root, rnd), rnd.choice(EXTREME_TEXT[1:]) or "x",
                "--author", "jane"]
    if name == "status":
        return [*base, "status", _incident_id(root, rnd),
                rnd.choice(("identified", "monitoring", "resolved")), "--message",
                rnd.choice(("Fixed", "[x](javascript:alert(1))", "a\x07b"))]
    if name == "ack":
        return [*base, "ack", _incident_id(root, rnd), "--force", "--author", "jane"]
    if name == "severity":
        return [*base, "severity", _incident_id(root, rnd), rnd.choice(("SEV0", "sev3", "P1")),
                "--reason", rnd.choice(EXTREME_TEXT[1:]) or "x"]
    if name == "assign":
        return [*base, "assign", _incident_id(root, rnd),
                rnd.choice(("scribe", "tech-lead", "expert", "commander")),
                rnd.choice(("jane", "bob", "nobody")), *rnd.choice(((), ("--remove",)))]
    if name == "new-postmortem":
        return [*base, "new", "postmortem", _incident_id(root, rnd)]
    if name == "site":
        return [*base, "site", "--out", str(out), "--no-git-history"]
    if name == "status-page":
        return [*base, "status-page", "--out", str(out.parent / "status-page"),
                "--url", "https://status.example.com/"]
    if name == "metrics":
        return [*base, "metrics", "--format", rnd.choice(("text", "json", "csv"))]
    if name == "overdue":
        return [*base, "overdue", "--format", rnd.choice(("text", "json", "github", "markdown"))]
    if name == "review":
        return [*base, "review", "--since", rnd.choice(("7d", "1d", "366d", "1m")),
                "--out", str(out.parent / "review.md")]
    if name == "oncall":
        return [*base, "oncall", rnd.choice(("now", "show", "gaps", "load", "handoff"))]
    if name == "render":
        return [*base, "render", _incident_id(root, rnd), "--template", "investigating"]
    raise ValueError(name)


COMMANDS = ("validate", "validate-file", "log", "status", "ack", "severity", "assign",
            "new-postmortem", "site", "metrics", "overdue", "oncall", "render",
            "status-page", "review")


# --- executing -------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What one execution did."""

    args: list[str]
    status: int | None
    out: str
    err: str
    seconds: float
    problem: str | None = None


@dataclass
class WorkingCopy:
    """A repository that mutations change and ``restore`` puts back, byte for byte."""

    template: Path
    root: Path
    out: Path
    original: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def make(cls, template: Path, where: Path) -> WorkingCopy:
        root = where / "repo"
        shutil.copytree(template, root, symlinks=True)
        copy = cls(template, root, where / "site")
        copy.original = {p.relative_to(root).as_posix(): p.read_bytes() for p in _files(root)}
        return copy

    def restore(self) -> None:
        """Remove whatever is not in the template; rewrite what changed."""
        for path in sorted(self.root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            rel = path.relative_to(self.root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode) and not stat.S_ISLNK(mode):
                if rel not in self.original and not any(
                        k.startswith(rel + "/") for k in self.original):
                    shutil.rmtree(path)
                continue
            if rel not in self.original or not stat.S_ISREG(mode):
                path.unlink()
        for rel, data in self.original.items():
            path = self.root / rel
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
        shutil.rmtree(self.out, ignore_errors=True)


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def _alarm(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(args: list[str], *, hang_after: float = 10.0,
        entry: Callable[[list[str]], int] = main) -> Outcome:
    """Run ``incidentkit ARGS`` in this process; judge how it ended."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    status: int | None = None
    problem: str | None = None
    try:
        with _deadline(hang_after), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            status = entry(args)
    except Hang as exc:
        problem = f"hang: {exc}"
    except BaseException as exc:  # anything escaping main's error boundary is a defect
        problem = f"escaped main: {type(exc).__name__}: {str(exc)[:200]}"
    seconds = time.perf_counter() - start
    text = out.getvalue() + err.getvalue()
    if problem is None:
        if "internal error" in text or "Traceback" in text:
            problem = "internal error: " + next(
                (line for line in text.splitlines() if "internal error" in line or
                 "Error" in line), text[:200])[:300]
        elif status not in (0, 1, 2):
            problem = f"exit status {status}"
    return Outcome(args, status, out.getvalue()[-2000:], err.getvalue()[-2000:], seconds, problem)


def execute(copy: WorkingCopy, mutations: Sequence[tuple[str, int]], command: str,
            seed: int, *, hang_after: float = 10.0) -> Outcome:
    """Apply ``mutations`` to the working copy, run ``command``, restore the copy."""
    os.environ["INCIDENTKIT_NOW"] = NOW
    try:
        for name, mutation_seed in mutations:
            MUTATIONS[name](copy.root, random.Random(mutation_seed))
        return run(_command(command, copy.root, copy.out, random.Random(seed)),
                   hang_after=hang_after)
    finally:
        copy.restore()
