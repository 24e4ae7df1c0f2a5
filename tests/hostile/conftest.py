"""The hostile-input tests reuse the browser fixture of the end-to-end tests."""

from tests.e2e.conftest import browser  # noqa: F401  (a fixture, used by name)
