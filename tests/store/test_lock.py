"""The folder edit lock: exclusive between processes, bounded wait, released by kill -9."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from incidentkit.errors import FatalError
from incidentkit.store import lock
from tests.store.holding import HOLDER, held


def test_a_second_process_waits_at_most_the_timeout_then_stops_clearly(tmp_path: Path) -> None:
    with held(tmp_path), pytest.raises(FatalError) as caught:
        start = time.monotonic()
        with lock.locked(tmp_path, rel="incidents/2026/a.yaml", wait=0.3):
            pytest.fail("the lock was taken twice")
    assert 0.3 <= time.monotonic() - start < 10
    assert str(caught.value) == (
        "incidents/2026/a.yaml: another incidentkit command is editing files in incidents/2026 "
        "(waited 0.3 s): nothing was written; try again when it has finished")
    assert caught.value.status == 2


def test_the_lock_is_free_again_when_its_holder_ends(tmp_path: Path) -> None:
    with held(tmp_path):
        pass
    with lock.locked(tmp_path, rel="a.yaml", wait=0) as got:
        assert got is True


def test_kill_9_of_the_holder_releases_the_lock(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.stdin is not None
    proc.stdin.close()
    with lock.locked(tmp_path, rel="a.yaml", wait=5) as got:
        assert got is True


def test_a_nested_lock_of_the_same_folder_in_one_process_goes_ahead(tmp_path: Path) -> None:
    with lock.locked(tmp_path, rel="a.yaml", wait=0), \
            lock.locked(tmp_path / ".", rel="b.yaml", wait=0) as inner:
        assert inner is True
    with held(tmp_path):  # and both were released
        pass


def test_taking_the_lock_sweeps_temporary_files_and_nothing_else(tmp_path: Path) -> None:
    for name in (".a.yaml.abcdefgh.tmp", "a.yaml", ".keep"):
        (tmp_path / name).write_text("x")
    with lock.locked(tmp_path, rel="a.yaml", wait=0):
        assert sorted(p.name for p in tmp_path.iterdir()) == [".keep", "a.yaml"]


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FatalError) as caught, \
            lock.locked(tmp_path / "gone", rel="gone/a.yaml", wait=0):
        pass
    assert str(caught.value) == ("gone/a.yaml: cannot open its folder to edit it: No such file "
                                 "or directory; nothing was written")


@pytest.mark.parametrize(("value", "seconds"), [("", 10.0), ("0", 0.0), (" 2.5 ", 2.5)])
def test_the_timeout_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, seconds: float
) -> None:
    monkeypatch.setenv(lock.TIMEOUT_VARIABLE, value)
    assert lock.timeout() == seconds


@pytest.mark.parametrize(("value", "shown"), [
    ("soon", "soon"), ("-1", "-1"), ("nan", "nan"), ("7200", "7200"),
    ("9" * 90, "9" * 79 + "…"),
])
def test_a_bad_timeout_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, value: str, shown: str
) -> None:
    monkeypatch.setenv(lock.TIMEOUT_VARIABLE, value)
    with pytest.raises(FatalError) as caught:
        lock.timeout()
    assert str(caught.value) == (
        f"INCIDENTKIT_LOCK_TIMEOUT={shown} is not a number of seconds: set it to a number from "
        "0 to 3600, or unset it for the default of 10")


def test_the_wait_restores_the_alarm_signal_handler(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGALRM)
    with held(tmp_path), pytest.raises(FatalError):
        with lock.locked(tmp_path, rel="a.yaml", wait=0.2):
            pass
    assert signal.getsignal(signal.SIGALRM) is before


def test_outside_the_main_thread_the_wait_polls_and_is_bounded_too(tmp_path: Path) -> None:
    outcome: list[str] = []

    def edit() -> None:
        try:
            with lock.locked(tmp_path, rel="incidents/2026/a.yaml", wait=0.2):
                outcome.append("locked")
        except FatalError as exc:
            outcome.append(exc.message)

    with held(tmp_path):
        worker = threading.Thread(target=edit)
        worker.start()
        worker.join(timeout=30)
    worker = threading.Thread(target=edit)
    worker.start()
    worker.join(timeout=30)
    assert outcome == [
        "another incidentkit command is editing files in incidents/2026 (waited 0.2 s): nothing "
        "was written; try again when it has finished",
        "locked",
    ]


def test_a_waiting_process_gets_the_lock_as_soon_as_it_is_released(tmp_path: Path) -> None:
    with held(tmp_path) as holder:
        release = time.monotonic() + 0.5
        assert holder.stdin is not None
        threading.Timer(0.5, holder.stdin.close).start()
        with lock.locked(tmp_path, rel="a.yaml", wait=20) as got:
            assert got is True
            assert 0 <= time.monotonic() - release < 10
