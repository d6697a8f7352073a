"""The two sides of `handbook diff`: a handbook folder, or a git revision of one.

An argument that is an existing folder is used as it is. Anything else is taken as a
revision of the git repository that holds `--repo` (default: the current folder): the
handbook is the folder `--repo` names, at that revision. Its tree is exported with
`git archive REV:<path of --repo in the repository>` into a temporary folder (files marked
`export-ignore` in .gitattributes are left out, as git archive does; the working tree and
the repository are not touched).
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path


class UsageError(Exception):
    """A side cannot be found: exit 2 with the message."""


@dataclass
class Side:
    arg: str  # as given on the command line
    root: Path  # the handbook folder to load
    revision: str | None = None  # the commit, for a git revision


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; give two handbook folders instead") from None
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc}") from None


def _out(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stdout.decode("utf-8", "replace").strip()


def _err(proc: subprocess.CompletedProcess[bytes]) -> str:
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"git exited with {proc.returncode}"


def resolve(arg: str, repo: Path, stack: ExitStack) -> Side:
    """The handbook folder for one argument; a temporary export for a git revision."""
    path = Path(arg)
    if path.is_dir():
        return Side(arg, path)
    if not arg or arg.startswith("-") or any(c in arg for c in "\0\n"):
        raise UsageError(f"'{arg}' is neither a folder nor a git revision")
    if not repo.is_dir():
        raise UsageError(f"'{arg}' is not a folder, and --repo {repo} is not a folder "
                         "to look up git revisions in")
    top = _git(["rev-parse", "--show-toplevel"], repo)
    if top.returncode != 0:
        raise UsageError(f"'{arg}' is not a folder, and {repo} is not inside a git "
                         "repository to look it up as a revision")
    prefix = _out(_git(["rev-parse", "--show-prefix"], repo)).rstrip("/")
    commit = _git(["rev-parse", "--verify", "--quiet", f"{arg}^{{commit}}"], repo)
    if commit.returncode != 0:
        raise UsageError(f"'{arg}' is neither a folder nor a revision of the git repository "
                         f"at {_out(top)}")
    sha = _out(commit)
    top_dir = Path(_out(top))
    tree = f"{sha}:{prefix}" if prefix else sha
    if prefix and _out(_git(["cat-file", "-t", tree], top_dir)) != "tree":
        raise UsageError(f"the folder {prefix}/ does not exist in revision '{arg}'")
    archive = _git(["archive", "--format=tar", tree], top_dir)
    if archive.returncode != 0:
        raise UsageError(f"cannot export revision '{arg}': {_err(archive)}")
    dest = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="handbook-diff-")))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise UsageError(f"cannot export revision '{arg}': {exc}") from None
    return Side(arg, dest, sha)
