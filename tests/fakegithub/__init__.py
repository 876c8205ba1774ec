"""A fake GitHub REST server for tests: PyGithub talks to it over real HTTP on 127.0.0.1."""

from tests.fakegithub.clock import FakeClock
from tests.fakegithub.server import FakeGitHub, Fault, Request

__all__ = ["REPOSITORY", "TOKEN", "FakeClock", "FakeGitHub", "Fault", "Request"]

#: The repository every test uses, and the token the fake accepts.
REPOSITORY = "acme/incidents"
TOKEN = "test-token"
