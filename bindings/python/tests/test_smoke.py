import keywright


def test_import():
    assert keywright.__version__
