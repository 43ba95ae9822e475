"""The build cache: pages of unchanged questionnaire files are kept between runs, never stale."""

from __future__ import annotations

import json

import pytest

from selfassess.generate import cache as build_cache
from selfassess.generate.pipeline import generate
from selfassess.questionnaire import validate
from selfassess.questionnaire.portal import Portal, PortalError

from .conftest import make_project, minimal_yaml


def _entries(portal: Portal) -> set[str]:
    return {p.name for p in (portal.root / build_cache.FOLDER).glob("*.json")}


def _docs(portal: Portal) -> dict[str, bytes]:
    return {
        p.relative_to(portal.docs_dir).as_posix(): p.read_bytes()
        for p in portal.docs_dir.rglob("*")
        if p.is_file()
    }


def test_an_unchanged_file_is_neither_validated_nor_rendered_again(
    project: Portal, monkeypatch: pytest.MonkeyPatch
):
    generate(project)
    first = _docs(project)
    assert len(_entries(project)) == 1

    def refuse(*args: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(validate, "validate", refuse)
    for path in project.docs_dir.joinpath("minimal").iterdir():
        path.unlink()  # the pages come back from the cache, byte for byte
    generate(project)
    assert _docs(project) == first


def test_an_edited_file_is_checked_again_and_its_mistakes_reported(project: Portal):
    generate(project)
    source = project.questionnaires_dir / "minimal.yaml"
    source.write_text(minimal_yaml().replace("weight: 2", "weight: heavy"), encoding="utf-8")
    with pytest.raises(PortalError, match="weight"):
        generate(project)
    source.write_text(minimal_yaml().replace("Goals are written down.", "Goals differ."))
    generate(project)
    assert "Goals differ." in (project.docs_dir / "minimal" / "basics.md").read_text()
    assert len(_entries(project)) == 1  # the entry of the earlier text is gone


def test_other_settings_or_a_corrupt_entry_make_the_pages_afresh(tmp_path):
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    generate(portal)
    (entry,) = (portal.root / build_cache.FOLDER).glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    generate(portal)
    assert "minimal/basics.md" in json.loads(entry.read_text(encoding="utf-8"))
    portal.site_id = "another-portal"  # pages carry the site id: a new entry
    generate(portal)
    assert entry.name not in _entries(portal) and len(_entries(portal)) == 1
    assert "another-portal" in (portal.docs_dir / "minimal" / "basics.md").read_text()
