"""``incidentkit init``: the scaffold with the provenance tokens replaced; it validates clean at
its dates and a year later, adds what is missing to a folder, never clobbers (unless --force,
and then only its own files), and a second run changes no byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from incidentkit.checks.context import Context
from incidentkit.checks.files import check_file
from incidentkit.cli import init as init_module
from incidentkit.config import Config
from incidentkit.provenance import installed
from incidentkit.store.atomic import create_text, write_text
from incidentkit.store.layout import Kind
from tests.conftest import Run

BASE = [
    ".gitattributes",
    ".github/dependabot.yml",
    ".github/workflows/notify.yml",
    ".github/workflows/overdue.yml",
    ".github/workflows/publish.yml",
    ".github/workflows/review.yml",
    ".github/workflows/status-page.yml",
    ".github/workflows/sync.yml",
    ".github/workflows/validate.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "docs/handbook/declaring-an-incident.md",
    "docs/handbook/on-call-rotations.md",
    "docs/handbook/postmortems.md",
    "docs/handbook/roles.md",
    "docs/handbook/severity-levels.md",
    "docs/index.md",
    "incidentkit.yaml",
    "mkdocs.yml",
]
EXAMPLE = [
    "incidents/2026/2026-03-02-example-checkout-errors.yaml",
    "incidents/2026/2026-03-24-example-search-latency.yaml",
    "oncall/escalation-policies.yaml",
    "oncall/people.yaml",
    "oncall/runbooks/checkout-payment-errors.md",
    "oncall/schedules/payments-primary.yaml",
    "oncall/services.yaml",
    "postmortems/2026-03-02-example-checkout-errors.md",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
NOTHING_TO_DO = "nothing to do: every scaffold file is already there; no file was changed\n"


def _not_git(target: Path) -> str:
    """What init says about the merge driver outside a git work tree."""
    return (f"merge driver: {target} is not a git work tree yet: after `git init` (and in every "
            f"clone) run `incidentkit -C {target} setup-git`\n")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _scaffold_files() -> list[str]:
    """Every file a run with the example writes, from the scaffold folder itself (the github
    workflows of the scaffold included)."""
    return sorted(str(Path(*(init_module._target_name(part) for part in p.relative_to(
        init_module.SCAFFOLD).parts))) for p in init_module.SCAFFOLD.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts)


def test_init_writes_the_scaffold(tmp_path: Path, run: Callable[..., Run]) -> None:
    target = tmp_path / "incidents-repo"
    result = run("init", str(target))
    files = _scaffold_files()
    assert {*BASE, *EXAMPLE} <= set(files)
    assert (result.status, result.err) == (0, "")
    assert result.out == "".join(f"wrote {rel}\n" for rel in files) + _not_git(target) + (
        f"Created an incident repository in {target}. Next: `incidentkit -C {target} validate`, "
        "then read README.md to replace the example with your own.\n"
    )
    tree = _tree(target)
    assert sorted(tree) == files
    provenance = installed()
    for rel, text in init_module.scaffold_files(provenance):
        assert tree[rel] == text.encode("utf-8"), rel
        assert "__INCIDENTKIT_" not in text, rel


@pytest.mark.parametrize("now", ["2026-03-24T12:00:00Z", "2027-03-24T12:00:00Z"])
def test_the_new_repository_validates_with_no_warning(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, now: str
) -> None:
    run("init", str(tmp_path / "new"))
    monkeypatch.setenv("INCIDENTKIT_NOW", now)
    result = run("-C", str(tmp_path / "new"), "validate", "--strict")
    assert (result.status, result.out, result.err) == (
        0, "11 files checked: 0 errors, 0 warnings\n", "")
    handbook = run("-C", str(tmp_path / "new"), "handbook", "--check")
    assert (handbook.status, handbook.err) == (0, "")


def test_the_example_override_applies(tmp_path: Path, run: Callable[..., Run]) -> None:
    """Chloe replaces Ben during his week (an override of somebody not on call never shows)."""
    run("init", str(tmp_path))
    result = run("-C", str(tmp_path), "oncall", "show", "--schedule", "payments-primary",
                 "--from", "2026-03-25T10:00:00Z", "--to", "2026-03-27T10:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out.splitlines()[3:] == [
        "  start                     end                       hours  person  layer/override",
        "  Wed 2026-03-25 10:00 UTC  Fri 2026-03-27 10:00 UTC  48.00  chloe   override",
    ]


def _key_paths(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return set().union(*(
            {f"{prefix}{key}"} | _key_paths(value, f"{prefix}{key}.") for key, value in data.items()
        )) if data else set()
    if isinstance(data, list):
        return set().union(*(_key_paths(item, f"{prefix}[].") for item in data)) if data else set()
    return set()


def test_configuration_writes_out_every_default(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    config, findings = check_file(tmp_path, "incidentkit.yaml", Kind.CONFIG, Context(Config()))
    assert findings == []
    assert config == Config()
    written = yaml.safe_load((tmp_path / "incidentkit.yaml").read_text())
    assert _key_paths(written) == _key_paths(Config().model_dump(mode="json"))


def test_pre_commit_pins_this_incidentkit(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    provenance = installed()
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    assert repo["repo"] == f"https://github.com/{provenance.repository}"
    assert repo["rev"] == provenance.rev
    assert f"rev: {provenance.rev}  # v{provenance.version}\n" in (
        tmp_path / ".pre-commit-config.yaml").read_text()
    assert repo["hooks"] == [{"id": "incidentkit-validate"}, {"id": "incidentkit-handbook"}]
    hooks = {hook["id"]: hook for hook in yaml.safe_load(
        (REPO_ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["incidentkit-handbook"]["entry"] == "incidentkit handbook --check"
    assert hooks["incidentkit-handbook"]["pass_filenames"] is False
    assert "incidentkit-validate" in hooks


def test_mkdocs_has_the_plugin_and_every_section(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    mkdocs = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert mkdocs["theme"]["name"] == "material"
    assert mkdocs["theme"]["font"] is False
    assert mkdocs["plugins"] == ["search", "tags", "incidentkit"]
    assert mkdocs["extra_css"] == ["assets/incidentkit/site.css"]
    assert mkdocs["validation"] == {"nav": {"omitted_files": "info"}}
    nav = [next(iter(entry)) for entry in mkdocs["nav"]]
    assert nav == ["Home", "Status", "Incidents", "Postmortems", "On call", "Services",
                   "Runbooks", "Metrics", "Tags", "Handbook"]
    for page in mkdocs["nav"][-1]["Handbook"]:
        assert (tmp_path / "docs" / page).is_file(), page


def test_readme_names_every_example_file(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    readme = (tmp_path / "README.md").read_text()
    for name in EXAMPLE:
        if name.startswith(("incidents/", "postmortems/", "oncall/schedules", "oncall/runbooks")):
            assert name in readme, name
    assert "pre-commit autoupdate" in readme
    assert "github-actions" in readme


def test_no_example(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("init", "--no-example", str(tmp_path))
    assert result.status == 0
    tree = _tree(tmp_path)
    assert set(BASE) <= set(tree)
    assert not any(rel.startswith(("incidents/", "postmortems/", "oncall/")) for rel in tree)
    assert result.out.endswith(
        f"Created an incident repository in {tmp_path} (without the example). Next: "
        f"`incidentkit -C {tmp_path} validate`, then read README.md.\n")
    checked = run("-C", str(tmp_path), "validate", "--strict")
    assert (checked.status, checked.out) == (0, "1 file checked: 0 errors, 0 warnings\n")


def test_a_second_run_changes_no_byte(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    (tmp_path / "README.md").write_text("# Ours\n")  # a scaffold file the team changed
    before = _tree(tmp_path)
    mtimes = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    result = run("init", str(tmp_path))
    assert (result.status, result.err) == (0, "")
    assert result.out == "".join(
        f"kept {rel} (it exists; --force replaces it)\n" for rel in _scaffold_files()
    ) + _not_git(tmp_path) + NOTHING_TO_DO
    assert _tree(tmp_path) == before
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == mtimes


def test_an_existing_folder_gets_what_is_missing(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "README.md").write_text("# Ours\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    result = run("init", str(tmp_path))
    assert result.status == 0
    lines = result.out.splitlines()
    assert "kept README.md (it exists; --force replaces it)" in lines
    assert "kept docs/index.md (it exists; --force replaces it)" in lines
    assert "wrote README.md" not in lines
    assert lines[-1].startswith(f"Completed an incident repository in {tmp_path}.")
    assert (tmp_path / "README.md").read_text() == "# Ours\n"
    assert (tmp_path / "docs" / "index.md").read_text() == "# Home\n"
    assert sorted(_tree(tmp_path)) == sorted([*_scaffold_files(), "notes.txt"])


def test_force_replaces_scaffold_files_only(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    (tmp_path / "README.md").write_text("# Ours\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    (tmp_path / "oncall" / "schedules" / "ours.yaml").write_text("id: ours\n")
    (tmp_path / "mkdocs.yml").unlink()
    (tmp_path / "mkdocs.yml").mkdir()
    result = run("init", "--force", str(tmp_path))
    assert result.status == 0
    lines = result.out.splitlines()
    assert lines[0] == "replaced README.md"
    assert "kept mkdocs.yml (it exists and is not a regular file)" in lines
    assert "kept incidentkit.yaml (it is the scaffold's already)" in lines
    assert (tmp_path / "README.md").read_bytes() == dict(
        init_module.scaffold_files(installed()))["README.md"].encode()
    assert (tmp_path / "notes.txt").read_text() == "mine\n"
    assert (tmp_path / "oncall" / "schedules" / "ours.yaml").read_text() == "id: ours\n"
    again = run("init", "--force", str(tmp_path))
    assert again.out.endswith(NOTHING_TO_DO)


def test_refuses_a_file(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "file").write_text("x")
    result = run("init", str(tmp_path / "file"))
    assert (result.status, result.err) == (
        2, f"incidentkit: error: {tmp_path / 'file'} exists and is not a folder: choose another "
        "DIR\n")


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def failing(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 6:
            raise OSError(28, "No space left on device")
        create_text(path, text)

    monkeypatch.setattr("incidentkit.cli.init.create_text", failing)
    target = tmp_path / "a" / "b"
    result = run("init", str(target))
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        f"incidentkit: error: cannot write to {target}: [Errno 28] No space left on device; "
        "nothing was changed: fix the problem and run init again\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_failed_force_restores_what_it_replaced(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    run("init", str(tmp_path))
    for rel in ("README.md", "mkdocs.yml", "incidentkit.yaml"):
        (tmp_path / rel).write_bytes(b"# ours \xff\n")
    (tmp_path / "docs" / "index.md").unlink()
    before = _tree(tmp_path)
    calls: list[Path] = []

    def failing(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        write_text(path, text)

    monkeypatch.setattr("incidentkit.cli.init.write_text", failing)
    result = run("init", "--force", str(tmp_path))
    assert result.status == 2
    assert "nothing was changed" in result.err
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
