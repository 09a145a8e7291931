"""Settings read from mkdocs.yml."""

from __future__ import annotations

import pytest

from generator import config
from generator.errors import ConfigError, Errors

from .conftest import ROOT


def test_project_config_loads():
    settings = config.load(ROOT / "mkdocs.yml")
    assert settings.default_year == 2024
    assert settings.data_dir == ROOT / "data" / "digests"
    assert settings.site_url.endswith("/")


def test_site_url_from_environment(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://me.github.io/repo")
    assert config.load(ROOT / "mkdocs.yml").site_url == "https://me.github.io/repo/"


def test_every_problem_reported_with_its_line(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: X\nsite_url: ftp://x\nuse_directory_urls: false\nextra:\n  generator:\n"
        "    default_year: twenty\n    colour: red\n"
    )
    with pytest.raises(Errors) as info:
        config.load(path)
    assert str(info.value).splitlines() == [
        "mkdocs.yml:2: site_url must be an http(s) address",
        "mkdocs.yml:6: extra.generator.default_year has the wrong type",
        "mkdocs.yml:7: unknown setting extra.generator.colour",
    ]


def test_directory_urls_are_refused(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\n")
    with pytest.raises(ConfigError, match="use_directory_urls must be false"):
        config.load(path)


def test_invalid_yaml(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: [x\n")
    with pytest.raises(ConfigError, match=r"^mkdocs.yml:2: invalid YAML"):
        config.load(path)
