"""The README's promises hold: its commands exist and its Python example runs."""

from __future__ import annotations

import re
from pathlib import Path

import newsclean

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_install_and_test_commands_are_documented() -> None:
    assert "pip install . && newsclean extract seeds/" in README
    assert "pip install -e '.[test]' && pytest" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in ci


def test_python_example_runs() -> None:
    block = re.search(r"```python\n(.*?)```", README, re.DOTALL)
    assert block is not None
    code = block.group(1).replace('open("seeds/', f'open("{ROOT}/seeds/')
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    article = namespace["article"]
    assert isinstance(article, newsclean.Article)
    assert repr(article.dateline) == "Dateline(text='MOSCOW (Sputnik) —', place='Moscow', agency='Sputnik')"
    assert namespace["record"] == article.to_dict()
