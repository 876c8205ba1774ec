"""The tokens ``init`` substitutes, from a real dist-info folder and a real git checkout."""

from __future__ import annotations

import json
import os
import subprocess
from importlib import metadata
from pathlib import Path

from incidentkit import __version__
from incidentkit.provenance import Provenance, git_commit, installed, provenance_of

ROOT = Path(__file__).resolve().parents[2]
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _dist(tmp_path: Path, *, urls: list[str], direct_url: object | None = None,
          version: str = "1.2.3") -> metadata.Distribution:
    info = tmp_path / f"incidentkit-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.4\nName: incidentkit\n"
        f"Version: {version}\n" + "".join(f"Project-URL: {url}\n" for url in urls))
    if direct_url is not None:
        text = direct_url if isinstance(direct_url, str) else json.dumps(direct_url)
        (info / "direct_url.json").write_text(text)
    return metadata.PathDistribution(info)


def _package(folder: Path) -> Path:
    package = folder / "tools" / "incidentkit"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    return package


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_a_vcs_install_names_its_commit(tmp_path: Path) -> None:
    dist = _dist(tmp_path, urls=["Homepage, https://example.com",
                                 "Source, https://github.com/acme/incidentkit-fork"],
                 direct_url={"url": "https://github.com/acme/incidentkit-fork",
                             "vcs_info": {"vcs": "git", "commit_id": COMMIT}})
    assert provenance_of(dist, tmp_path / "nowhere") == Provenance(
        "acme/incidentkit-fork", COMMIT, "1.2.3")


def test_a_release_install_names_its_tag(tmp_path: Path) -> None:
    dist = _dist(tmp_path, urls=["Source, https://github.com/incidentkit/incidentkit.git"],
                 direct_url={"url": "file:///wheels/incidentkit-1.2.3-py3-none-any.whl",
                             "archive_info": {}})
    assert provenance_of(dist, tmp_path / "site-packages" / "incidentkit") == Provenance(
        "incidentkit/incidentkit", "v1.2.3", "1.2.3")


def test_unusable_metadata_falls_back(tmp_path: Path) -> None:
    for n, direct_url in enumerate(("{not json", {"vcs_info": {"commit_id": "main"}}, [1])):
        dist = _dist(tmp_path / str(n), urls=["Source, https://gitlab.com/a/b"],
                     direct_url=direct_url)
        assert provenance_of(dist, tmp_path) == Provenance(
            "incidentkit/incidentkit", "v1.2.3", "1.2.3")


def test_an_editable_install_from_a_checkout_names_head(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    package = _package(checkout)
    _git(checkout, "init", "-q", "-b", "main")
    assert git_commit(package) is None  # not committed yet: no HEAD
    _git(checkout, "add", ".")
    _git(checkout, "commit", "-q", "-m", "first")
    head = _git(checkout, "rev-parse", "HEAD")
    dist = _dist(tmp_path, urls=[], direct_url={"url": checkout.as_uri(),
                                                "dir_info": {"editable": True}})
    assert provenance_of(dist, package) == Provenance("incidentkit/incidentkit", head, "1.2.3")


def test_a_package_untracked_by_the_surrounding_checkout_is_not_its_head(
    tmp_path: Path
) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README").write_text("x\n")
    _git(tmp_path, "add", "README")
    _git(tmp_path, "commit", "-q", "-m", "first")
    package = _package(tmp_path / ".venv" / "lib")
    assert git_commit(package) is None
    assert git_commit(tmp_path / "missing") is None


def test_substitute_replaces_every_token() -> None:
    text = ("uses: __INCIDENTKIT_REPOSITORY__@__INCIDENTKIT_REV__ # v__INCIDENTKIT_VERSION__\n"
            "rev: __INCIDENTKIT_REV__\n")
    assert Provenance("acme/ik", COMMIT, "1.2.3").substitute(text) == (
        f"uses: acme/ik@{COMMIT} # v1.2.3\nrev: {COMMIT}\n")


def test_this_checkout() -> None:
    found = installed()
    assert (found.repository, found.version) == ("incidentkit/incidentkit", __version__)
    assert found.rev == _git(ROOT, "rev-parse", "HEAD")
