"""`python3 dev.py up`, the README's first command: it keeps the developer's data (the demo is
seeded only when missing, or afresh on request) and serves on the port asked for."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def dev(monkeypatch):
    spec = importlib.util.spec_from_file_location("dev_command", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(module, "ensure_virtualenv", lambda: None)
    monkeypatch.setattr(module, "ensure_dotenv", lambda: None)
    monkeypatch.setattr(module, "manage", lambda *args: calls.append(args))
    monkeypatch.setattr(module, "say", lambda message: None)
    module.calls = calls
    return module


def test_up_keeps_an_existing_demo_and_serves_on_8000(dev):
    dev.up([])

    assert dev.calls == [
        ("migrate", "--noinput"),
        ("seed_demo", "--if-missing"),
        ("runserver", "127.0.0.1:8000"),
    ]


def test_up_resets_the_demo_only_when_asked(dev):
    dev.up(["--reset-demo"])

    assert ("seed_demo",) in dev.calls
    assert ("seed_demo", "--if-missing") not in dev.calls


def test_up_serves_on_another_port(dev):
    dev.up(["--port", "8080"])

    assert dev.calls[-1] == ("runserver", "127.0.0.1:8080")


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_a_port_that_is_not_one_is_refused_before_anything_runs(dev, port, capsys):
    with pytest.raises(SystemExit) as stopped:
        dev.up(["--port", port])

    assert stopped.value.code == 2
    assert "is not a port number" in capsys.readouterr().err
    assert dev.calls == []


def test_the_readme_documents_both_options():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--reset-demo" in readme and "--port" in readme
