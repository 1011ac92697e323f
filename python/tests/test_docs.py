"""The Python code blocks of docs/python.md run as written (the data path pointed at the shared
folder in use)."""
import re

import matplotlib.pyplot
import pytest

from conftest import REPO, ref_case, shared_dir


def python_blocks():
    text = (REPO / 'docs' / 'python.md').read_text()
    return re.findall(r'```python\n(.*?)```', text, flags=re.S)


# What each block prints (in order): the drop-in recipe, bars and a backtest, a Python strategy.
EXPECTED = [['yhat_upper', 'coverage'], ['adj_close'], ['Momentum', '50']]


@pytest.mark.parametrize('index', range(len(python_blocks())))
def test_docs_python_block(index, capsys, monkeypatch):
    ref_case('peyton_manning')
    monkeypatch.chdir(REPO)  # the docs' relative paths are relative to the checkout
    code = python_blocks()[index].replace("'../shared/", "'{}/".format(shared_dir()))
    exec(compile(code, 'docs/python.md block {}'.format(index), 'exec'), {})
    out = capsys.readouterr().out
    for marker in EXPECTED[index]:
        assert marker in out
    matplotlib.pyplot.close('all')
