"""The real headquarters (uvicorn on loopback) of the sync tests, for the enrolment code."""

from tests.sync.conftest import hq  # noqa: F401
