"""``incidentkit oncall show``: final shifts and gaps over a range (exact output)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import EXAMPLES, Run

BASE = str(EXAMPLES / "base")


def test_shifts_with_a_replacing_override_in_utc(run: Callable[..., Run]) -> None:
    result = run("-C", BASE, "oncall", "show",
                 "--from", "2026-01-30T00:00:00Z", "--to", "2026-02-10T00:00:00Z")
    assert result.status == 0
    assert result.out == (
        "On call from Fri 2026-01-30 00:00 UTC to Tue 2026-02-10 00:00 UTC (times in UTC)\n"
        "\n"
        "identity-primary (Identity primary)\n"
        "  start                     end                        hours  person  layer/override\n"
        "  Fri 2026-01-30 00:00 UTC  Mon 2026-02-02 09:00 UTC   81.00  jane    weekly\n"
        "  Mon 2026-02-02 09:00 UTC  Tue 2026-02-03 09:00 UTC   24.00  carol   override\n"
        "  Tue 2026-02-03 09:00 UTC  Mon 2026-02-09 09:00 UTC  144.00  bob     weekly\n"
        "  Mon 2026-02-09 09:00 UTC  Tue 2026-02-10 00:00 UTC   15.00  carol   weekly\n"
    )


def test_gap_rows_and_the_viewers_zone(run: Callable[..., Run]) -> None:
    result = run("-C", BASE, "oncall", "show", "--schedule", "identity-primary",
                 "--from", "2026-01-04T00:00:00+01:00", "--to", "2026-01-06T00:00:00+01:00",
                 "--tz", "Europe/Berlin")
    assert result.out == (
        "On call from Sun 2026-01-04 00:00 CET to Tue 2026-01-06 00:00 CET "
        "(times in Europe/Berlin)\n"
        "\n"
        "identity-primary (Identity primary)\n"
        "  start                     end                       hours  person    layer/override\n"
        "  Sun 2026-01-04 00:00 CET  Mon 2026-01-05 10:00 CET  34.00  (nobody)  gap\n"
        "  Mon 2026-01-05 10:00 CET  Tue 2026-01-06 00:00 CET  14.00  jane      weekly\n"
    )


def test_the_configured_timezone_is_the_default_and_dst_shows(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    """The weekly handoff stays at 10:00 Berlin across the spring change: 167 h that week."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    (repo / "incidentkit.yaml").write_text("timezone: Europe/Berlin\n")
    result = run("-C", str(repo), "oncall", "show",
                 "--from", "2026-03-23T10:00:00+01:00", "--to", "2026-04-06T10:00:00+02:00")
    assert result.out == (
        "On call from Mon 2026-03-23 10:00 CET to Mon 2026-04-06 10:00 CEST "
        "(times in Europe/Berlin)\n"
        "\n"
        "identity-primary (Identity primary)\n"
        "  start                      end                         hours  person  "
        "layer/override\n"
        "  Mon 2026-03-23 10:00 CET   Mon 2026-03-30 10:00 CEST  167.00  carol   weekly\n"
        "  Mon 2026-03-30 10:00 CEST  Mon 2026-04-06 10:00 CEST  168.00  jane    weekly\n"
    )


def test_errors_are_usage_errors_without_a_traceback(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    span = ("--from", "2026-02-01T00:00:00Z", "--to", "2026-02-02T00:00:00Z")
    unknown = run("-C", BASE, "oncall", "show", *span, "--schedule", "nope")
    assert (unknown.status, unknown.err) == (
        2, "incidentkit: error: no schedule 'nope' (known: identity-primary)\n")
    backwards = run("-C", BASE, "oncall", "show",
                    "--from", "2026-02-02T00:00:00Z", "--to", "2026-02-01T00:00:00Z")
    assert (backwards.status, backwards.err) == (
        2, "incidentkit: error: --to (2026-02-01T00:00:00+00:00) must be after --from "
        "(2026-02-02T00:00:00+00:00)\n")
    zone = run("-C", BASE, "oncall", "show", *span, "--tz", "Mars/Base")
    assert (zone.status, zone.err) == (
        2, "incidentkit: error: --tz: unknown time zone 'Mars/Base': use an IANA name such as "
        "Europe/Berlin or UTC\n")
    naive = run("-C", BASE, "oncall", "show", "--from", "2026-02-01T00:00", "--to", span[3])
    assert naive.status == 2
    assert "has no offset" in naive.err
    missing = run("-C", BASE, "oncall", "show", "--from", span[1])
    assert missing.status == 2
    assert "Missing option '--to'" in missing.err
    empty = tmp_path / "empty"
    empty.mkdir()
    none = run("-C", str(empty), "oncall", "show", *span)
    assert (none.status, none.err) == (
        2, "incidentkit: error: no valid schedule in oncall/schedules/: add one, or run "
        "incidentkit validate\n")
    configured = tmp_path / "configured"
    shutil.copytree(EXAMPLES / "base", configured)
    (configured / "incidentkit.yaml").write_text("timezone: Mars/Base\n")
    config = run("-C", str(configured), "oncall", "show", *span)
    assert (config.status, config.err) == (
        1, "incidentkit: error: incidentkit.yaml:1:11: unknown time zone 'Mars/Base': use an "
        "IANA name such as Europe/Berlin or UTC: fix the configuration first (incidentkit "
        "validate lists every problem)\n")
    for result in (unknown, backwards, zone, naive, missing, none, config):
        assert "Traceback" not in result.err


def test_help(run: Callable[..., Run]) -> None:
    result = run("oncall", "show", "--help")
    assert result.status == 0
    assert "--tz ZONE" in result.out


def test_a_shift_in_its_persons_time_off_is_marked(tmp_path: Path,
                                                   run: Callable[..., Run]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    (repo / "oncall" / "time-off.yaml").write_text(
        "- person: bob\n  from: 2026-02-05T00:00:00-05:00\n  to: 2026-02-06T00:00:00-05:00\n"
        "  reason: family holiday\n"
        "- person: jane\n  from: 2026-01-20T00:00:00+01:00\n  to: 2026-01-22T00:00:00+01:00\n")
    result = run("-C", str(repo), "oncall", "show",
                 "--from", "2026-01-30T00:00:00Z", "--to", "2026-02-10T00:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out == (
        "On call from Fri 2026-01-30 00:00 UTC to Tue 2026-02-10 00:00 UTC (times in UTC)\n"
        "\n"
        "identity-primary (Identity primary)\n"
        "  start                     end                        hours  pe"
        "rson                             layer/override\n"
        "  Fri 2026-01-30 00:00 UTC  Mon 2026-02-02 09:00 UTC   81.00  ja"
        "ne                               weekly\n"
        "  Mon 2026-02-02 09:00 UTC  Tue 2026-02-03 09:00 UTC   24.00  ca"
        "rol                              override\n"
        "  Tue 2026-02-03 09:00 UTC  Mon 2026-02-09 09:00 UTC  144.00  bo"
        "b (on time off: family holiday)  weekly\n"
        "  Mon 2026-02-09 09:00 UTC  Tue 2026-02-10 00:00 UTC   15.00  ca"
        "rol                              weekly\n"
    )
