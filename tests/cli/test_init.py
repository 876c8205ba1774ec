"""``incidentkit init``: the scaffold is written verbatim, validates clean, and never clobbers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from incidentkit import __version__
from incidentkit.checks.context import Context
from incidentkit.checks.files import check_file
from incidentkit.cli import init as init_module
from incidentkit.config import Config
from incidentkit.store.atomic import create_text
from incidentkit.store.layout import Kind
from tests.conftest import Run

FILES = [
    ".github/dependabot.yml",
    ".github/workflows/overdue.yml",
    ".github/workflows/publish.yml",
    ".github/workflows/sync.yml",
    ".github/workflows/validate.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "docs/index.md",
    "incidentkit.yaml",
    "incidents/2026/2026-03-02-example-checkout-errors.yaml",
    "mkdocs.yml",
    "oncall/escalation-policies.yaml",
    "oncall/people.yaml",
    "oncall/runbooks/checkout-payment-errors.md",
    "oncall/schedules/payments-primary.yaml",
    "oncall/services.yaml",
    "postmortems/2026-03-02-example-checkout-errors.md",
]
REPO_ROOT = Path(__file__).resolve().parents[2]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_writes_the_scaffold(tmp_path: Path, run: Callable[..., Run]) -> None:
    target = tmp_path / "incidents-repo"
    result = run("init", str(target))
    assert (result.status, result.err) == (0, "")
    assert result.out == "".join(f"wrote {rel}\n" for rel in FILES) + (
        f"Created an incident repository in {target}. Next: `incidentkit -C {target} validate`, "
        "then read README.md to replace the example with your own.\n"
    )
    tree = _tree(target)
    assert sorted(tree) == FILES
    scaffold = init_module.SCAFFOLD
    for rel, content in tree.items():
        source = rel.replace(".pre-commit", "dot_pre-commit").replace(".gitignore", "dot_gitignore")
        source = source.replace(".github/", "dot_github/")
        assert content == (scaffold / source).read_bytes(), rel  # verbatim


def test_the_new_repository_validates_clean(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path / "new"))
    result = run("-C", str(tmp_path / "new"), "validate")
    assert (result.status, result.out, result.err) == (
        0, "8 files checked: 0 errors, 0 warnings\n", "")


def test_configuration_shows_the_defaults(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    config, findings = check_file(tmp_path, "incidentkit.yaml", Kind.CONFIG, Context(Config()))
    assert findings == []
    assert config == Config()


def test_pre_commit_uses_this_projects_hook(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    assert repo["hooks"] == [{"id": "incidentkit-validate"}]
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    assert "incidentkit-validate" in {hook["id"] for hook in hooks}


def test_mkdocs_uses_material_search_and_tags(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    mkdocs = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert mkdocs["theme"]["name"] == "material"
    assert mkdocs["plugins"] == ["search", "tags"]
    assert (tmp_path / mkdocs["docs_dir"] / "index.md").is_file()


def test_readme_names_every_example_file(tmp_path: Path, run: Callable[..., Run]) -> None:
    run("init", str(tmp_path))
    readme = (tmp_path / "README.md").read_text()
    for name in ("incidents/2026/2026-03-02-example-checkout-errors.yaml",
                 "postmortems/2026-03-02-example-checkout-errors.md",
                 "payments-primary.yaml", "checkout-payment-errors.md"):
        assert name in readme


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    result = run("init", str(tmp_path))
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        f"incidentkit: error: {tmp_path} is not empty: choose an empty or new folder, or pass "
        "--force to add the scaffold's files to it (existing files are kept)\n"
    )
    assert _tree(tmp_path) == {"notes.txt": b"mine\n"}


def test_a_git_folder_alone_is_empty_enough(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / ".git").mkdir()
    assert run("init", str(tmp_path)).status == 0
    assert (tmp_path / "incidentkit.yaml").is_file()


def test_force_keeps_existing_files(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "README.md").write_text("# Ours\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    result = run("init", "--force", str(tmp_path))
    assert result.status == 0
    assert "kept README.md (it exists)\n" in result.out
    assert "wrote README.md" not in result.out
    assert (tmp_path / "README.md").read_text() == "# Ours\n"
    assert sorted(_tree(tmp_path)) == sorted([*FILES, "notes.txt"])


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
        "nothing was left behind: fix the problem and run init again\n"
    )
    assert list(tmp_path.iterdir()) == []
