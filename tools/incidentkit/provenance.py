"""Where the installed incidentkit comes from: the three tokens ``incidentkit init`` substitutes.

A scaffolded repository pins incidentkit twice (the pre-commit hook's ``repo:``/``rev:`` and the
workflows' ``uses: OWNER/NAME@REV``), so it must name a repository and a revision that exist:

``__INCIDENTKIT_REPOSITORY__``
    ``owner/name`` from the ``Source`` Project-URL of the installed distribution.
``__INCIDENTKIT_REV__``
    the commit the package was built from when it can be known: PEP 610's ``direct_url.json``
    (``vcs_info.commit_id``, a ``pip install git+https://…@SHA``), else ``git rev-parse HEAD``
    of the package's source folder when git tracks it (an editable install from a checkout);
    otherwise the release tag ``v<version>``.
``__INCIDENTKIT_VERSION__``
    the distribution's version.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "incidentkit"
#: Where incidentkit lives when the metadata does not say (pyproject.toml's [project.urls]).
DEFAULT_REPOSITORY = "incidentkit/incidentkit"
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$")


@dataclass(frozen=True, slots=True)
class Provenance:
    repository: str
    rev: str
    version: str

    def tokens(self) -> dict[str, str]:
        return {
            "__INCIDENTKIT_REPOSITORY__": self.repository,
            "__INCIDENTKIT_REV__": self.rev,
            "__INCIDENTKIT_VERSION__": self.version,
        }

    def substitute(self, text: str) -> str:
        """``text`` with every token replaced."""
        for token, value in self.tokens().items():
            text = text.replace(token, value)
        return text


def _repository(dist: metadata.Distribution) -> str:
    for entry in dist.metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        match = _GITHUB.match(url.strip())
        if label.strip().lower() == "source" and match:
            return match.group(1)
    return DEFAULT_REPOSITORY


def _direct_url_commit(dist: metadata.Distribution) -> str | None:
    text = dist.read_text("direct_url.json")
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    vcs = data.get("vcs_info") if isinstance(data, dict) else None
    commit = vcs.get("commit_id") if isinstance(vcs, dict) else None
    return commit if isinstance(commit, str) and _COMMIT.match(commit) else None


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_commit(source: Path) -> str | None:
    """HEAD of the git checkout that tracks the package folder ``source``, or None.

    A package installed into a virtual environment that happens to sit inside some other
    checkout is not tracked by it, so that checkout's HEAD is not taken for the package's.
    """
    if not (source / "__init__.py").is_file():
        return None
    if _git(source, "ls-files", "--error-unmatch", "--", "__init__.py") is None:
        return None
    head = _git(source, "rev-parse", "--verify", "HEAD^{commit}")
    return head if head is not None and _COMMIT.match(head) else None


def provenance_of(dist: metadata.Distribution, source: Path) -> Provenance:
    """The tokens for distribution ``dist`` whose package folder is ``source``."""
    version = dist.version
    rev = _direct_url_commit(dist) or git_commit(source) or f"v{version}"
    return Provenance(repository=_repository(dist), rev=rev, version=version)


def installed() -> Provenance:
    """The tokens for the incidentkit that is running."""
    import incidentkit

    source = Path(incidentkit.__file__).resolve().parent
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return Provenance(DEFAULT_REPOSITORY, git_commit(source) or f"v{incidentkit.__version__}",
                          incidentkit.__version__)
    return provenance_of(dist, source)
