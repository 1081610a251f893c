import pytest

from tests.factories import build_governance


@pytest.fixture
def governance(tree):
    return build_governance(tree)
