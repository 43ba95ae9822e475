"""The `selfassess` command: start or validate questionnaires, generate the docs, build or serve
the site; and read results files: a report, the team view of several, what changed between two."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from .engines import ENGINES
from .questionnaire import scaffold
from .questionnaire.check import check, check_portal
from .questionnaire.portal import Portal
from .questionnaire.scales import BUILTIN_SCALES
from .questionnaire.source import ProblemsError
from .results import aggregate, diff, report
from .results import collect as collecting
from .results import share as sharing
from .results.read import Questionnaires, rater_names, read_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="selfassess", description=__doc__)
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument(
        "--project",
        type=Path,
        default=Path(),
        help="folder of the portal, holding mkdocs.yml (default: here)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check questionnaires and report every problem")
    check.add_argument(
        "files", nargs="*", type=Path, help="YAML files (default: every file in questionnaires/)"
    )
    new = commands.add_parser("new", help="start a questionnaire: a commented example file to edit")
    new.add_argument("id", help="its id and file name: lowercase letters, digits, hyphens")
    new.add_argument("--title", help="its title (default: the id in words)")
    new.add_argument(
        "--scale",
        choices=sorted(BUILTIN_SCALES),
        default=scaffold.DEFAULT_SCALE,
        help="the answers of every item (default: %(default)s)",
    )
    strict = "a committed results file that cannot be used is an error (default: left out)"
    generated = commands.add_parser(
        "generate", help="write the pages and data into docs/ (no site build)"
    )
    generated.add_argument("--strict", action="store_true", help=strict)
    build = commands.add_parser("build", help="generate, then build the site into site/")
    build.add_argument("--strict", action="store_true", help=strict)
    build.add_argument("--engine", choices=ENGINES, default="mkdocs")
    build.add_argument("--site-dir", type=Path, help="where to build (default: site/)")
    build.add_argument(
        "--offline", action="store_true", help="a site to open from disk (file://), pages as *.html"
    )
    serve = commands.add_parser("serve", help="live preview; YAML edits regenerate and reload")
    serve.add_argument("--engine", choices=ENGINES, default="mkdocs")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")

    results = "the questionnaire is found by its id in questionnaires/"
    report_command = commands.add_parser(
        "report", help="a results file as a standalone report", description=results
    )
    report_command.add_argument("file", type=Path, help="a results file (JSON)")
    report_command.add_argument("--format", choices=report.FORMATS, default="md")
    report_command.add_argument(
        "--plan-order",
        choices=report.PLAN_ORDERS,
        default="rank",
        help="the action plan's order: most worth fixing first (default) or by section",
    )
    report_command.add_argument(
        "-o", "--output", type=Path, help="write the report into this file (default: print it)"
    )
    team = commands.add_parser(
        "aggregate", help="the team view of several results files", description=results
    )
    team.add_argument("files", nargs="+", type=Path, help="results files of one questionnaire")
    team.add_argument("--csv", type=Path, help="also write every rater's answers to this CSV file")
    team.add_argument(
        "--top",
        type=int,
        default=aggregate.TOP,
        help="how many of the most disputed statements to show (default: %(default)s)",
    )
    team.add_argument(
        "--by-team",
        action="store_true",
        help="group the raters by their team: each team's scores, then how the teams differ "
        "apart from how raters of one team disagree",
    )
    changes = commands.add_parser(
        "diff", help="what changed between two results files", description=results
    )
    changes.add_argument("old", type=Path, help="the earlier results file")
    changes.add_argument("new", type=Path, help="the later results file")
    share = commands.add_parser(
        "share",
        help="print the share link of a results file, as its results page makes it",
        description=results,
    )
    share.add_argument("file", type=Path, help="a results file (JSON)")
    share.add_argument(
        "--notes", action="store_true", help="include the notes (the page's “Include my notes”)"
    )
    share.add_argument(
        "--base",
        metavar="URL",
        help="the portal's address (default: site_url of mkdocs.yml, which may come from SITE_URL)",
    )
    gather = commands.add_parser(
        "collect",
        help="share links into results files, laid out under results/",
        description="Each link is checked as the results page checks it; a link that cannot be "
        "used gets one line and writes nothing. Files go to FOLDER/QUESTIONNAIRE/TEAM/"
        "DATE-NAME.json; a different file there is never overwritten, the same one not again.",
    )
    gather.add_argument("links", nargs="*", metavar="LINK", help="share links; - reads one a line")
    gather.add_argument(
        "--from-issue",
        type=Path,
        metavar="EVENT.json",
        help="the link, name and team of a GitHub issues event (the issue form's)",
    )
    gather.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FOLDER_OR_FILE",
        help="a folder to lay the files out in, or one FILE.json (default: the portal's results "
        "folder, results/ unless extra.selfassess.results_dir says otherwise)",
    )
    gather.add_argument(
        "--markdown",
        type=Path,
        metavar="FILE",
        help="also write what happened as Markdown, for a comment on the issue",
    )

    args = parser.parse_args(argv)
    try:
        return _run(args)
    except ProblemsError as error:
        print(error, file=sys.stderr if args.command != "validate" else sys.stdout)
        return 1
    except (_build_error(), scaffold.ScaffoldError) as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


class _Version(argparse.Action):
    """--version, looking the version up only when asked (importlib.metadata is slow to load)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from importlib.metadata import version

        parser.exit(message=f"{parser.prog} {version('selfassess')}\n")


# The engines (MkDocs, Material, the generator's templates) are imported by the commands that
# build: the commands that read results files start without them (collect in a workflow above all).
def _build_error() -> type[Exception]:
    from .engines.build import BuildError

    return BuildError


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(args)
    portal = Portal.load(args.project)
    if args.command in ("report", "aggregate", "diff"):
        return _results(portal, args)
    if args.command == "share":
        return _share(portal, args)
    if args.command == "collect":
        return _collect(portal, args)
    if args.command == "new":
        path = scaffold.new_questionnaire(portal, args.id, args.title, args.scale)
        print(f"created {portal.display(path)}")
        print("next: edit it, replacing the examples with your own questions;")
        print("then preview it with `make serve`, or check it with `selfassess validate`")
    elif args.command == "generate":
        from .generate.pipeline import generate
        from .results import dashboard

        report = generate(portal, results=dashboard.pages, strict=args.strict)
        print(f"generated into {portal.display(portal.docs_dir)}: {report}")
    elif args.command == "build":
        from .engines import build as site

        site_dir = site.build(portal, args.engine, args.site_dir, args.offline, args.strict)
        # A site to open from disk has no address, and no instant navigation anyway.
        warning = None if args.offline else site.site_url_warning(portal)
        if warning:
            print(warning, file=sys.stderr)
        print(
            f"built {portal.display(site_dir)}/ with {args.engine}"
            + (" (open its index.html from disk)" if args.offline else "")
        )
    else:
        from .engines import serve as preview

        preview.serve(portal, args.engine, args.dev_addr)
    return 0


def _validate(args: argparse.Namespace) -> int:
    checked = check(args.files) if args.files else check_portal(Portal.load(args.project))
    for problem in checked.problems + checked.warnings:  # warnings do not fail the check
        print(problem)
    for q in checked.questionnaires:
        print(
            f"{q.file}: valid ({_count(q.sections, 'section')}, {_count(q.items, 'item')})",
            file=sys.stderr,
        )
    return 1 if checked.problems else 0


def _results(portal: Portal, args: argparse.Namespace) -> int:
    """The commands that read results files: one line on stderr for each file that cannot be used
    (exit status 1) or is not wholly used (a note); the usable files are still processed."""
    questionnaires = Questionnaires(portal)
    paths = {"report": lambda: [args.file], "diff": lambda: [args.old, args.new]}.get(
        args.command, lambda: args.files
    )()
    files, errors, notes = read_all(paths, questionnaires)
    for line in [*errors, *notes]:
        print(line, file=sys.stderr)
    if args.command == "report" and files:
        if args.format == "pdf" and not args.output:
            print("a PDF report is written into a file: give -o FILE.pdf", file=sys.stderr)
            return 2
        try:
            made = report.render(files[0], args.format, order=args.plan_order)
        except report.ReportError as error:
            print(error, file=sys.stderr)
            return 1
        if isinstance(made, bytes):
            args.output.write_bytes(made)
        elif args.output:
            args.output.write_text(made, encoding="utf-8")
        else:
            sys.stdout.write(made)
        if args.output:
            print(f"wrote {portal.display(args.output)}", file=sys.stderr)
    elif args.command == "diff" and len(files) == 2:
        sys.stdout.write(diff.changes(*files))
    elif args.command == "aggregate" and files:
        files, again = aggregate.distinct_raters(files)
        for line in again:
            print(line, file=sys.stderr)
        names = rater_names(files)
        view = aggregate.by_team_view if args.by_team else aggregate.team_view
        sys.stdout.write(view(files, names, args.top))
        if args.csv:
            aggregate.write_csv(args.csv, files, names)
            print(f"wrote {portal.display(args.csv)}", file=sys.stderr)
    return 1 if errors else 0


def _share(portal: Portal, args: argparse.Namespace) -> int:
    """The link the results page's "Copy link" makes of the file's answers, once imported."""
    base = args.base or portal.site_url
    if not base:
        print(
            "the portal's address is not known: mkdocs.yml has no site_url (nor SITE_URL the "
            "one it names); give it with --base https://…/",
            file=sys.stderr,
        )
        return 2
    files, errors, notes = read_all([args.file], Questionnaires(portal))
    for line in [*errors, *notes]:
        print(line, file=sys.stderr)
    if not files:
        return 1
    if not args.base and urlsplit(base).hostname in ("127.0.0.1", "localhost", "::1"):
        print(
            f"note: {base} is the address of a local preview (site_url of mkdocs.yml, SITE_URL "
            "not set); give the published portal's with --base URL or SITE_URL",
            file=sys.stderr,
        )
    model = files[0].model
    link = sharing.results_page(base, model) + sharing.fragment(model, files[0].record, args.notes)
    print(link)
    if len(link) > sharing.LONG_LINK:
        print(f"note: {len(link):,} characters. {sharing.long_note()}", file=sys.stderr)
    return 0


def _collect(portal: Portal, args: argparse.Namespace) -> int:
    """Share links into results files; one line for each link (stderr for a bad one, exit 1)."""
    if bool(args.links) == bool(args.from_issue):
        print("give share links (- reads them from stdin) or --from-issue", file=sys.stderr)
        return 2
    try:
        if args.from_issue:
            sent = collecting.from_issue(args.from_issue)
        elif args.links == ["-"]:
            sent = list(collecting.from_lines(sys.stdin))
        else:
            sent = collecting.from_arguments(args.links)
    except collecting.CollectError as error:
        outcomes = [collecting.Outcome(error.source, error=error.reason)]
    else:
        output = args.output or portal.results_dir or portal.root / "results"
        outcomes = collecting.collect(sent, Questionnaires(portal), output)
    shown = [portal.display(o.path) if o.path else "" for o in outcomes]
    for outcome, path in zip(outcomes, shown, strict=True):
        print(collecting.summary(outcome, path), file=sys.stderr if outcome.error else sys.stdout)
    if args.markdown:
        args.markdown.write_text(collecting.markdown(outcomes, shown), encoding="utf-8")
    return 1 if any(o.error for o in outcomes) else 0


def _count(things: tuple, noun: str) -> str:
    return f"{len(things)} {noun}{'' if len(things) == 1 else 's'}"


if __name__ == "__main__":
    sys.exit(main())
