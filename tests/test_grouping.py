"""make test's grouping (tests/conftest.py): the tests that share a module-scoped fixture run on
one pytest-xdist worker, so the fixture (a site built for them, say) is made once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def shared() -> object:
    return object()


def test_a_test_sharing_a_module_fixture_is_in_its_modules_group(request, shared):
    if not getattr(request.config.option, "loadgroup", False):  # set on an xdist worker by --dist loadgroup
        pytest.skip("run under pytest-xdist with --dist loadgroup (make test)")
    # The group is sent to the scheduler as a suffix of the test's id; with no suffix, the module's
    # tests go to whichever worker is free and each worker makes the fixture again.
    assert request.node.nodeid.endswith("@test_grouping"), request.node.nodeid


def test_a_test_without_one_goes_to_any_worker(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("run under pytest-xdist with --dist loadgroup (make test)")
    assert "@" not in request.node.nodeid, request.node.nodeid
