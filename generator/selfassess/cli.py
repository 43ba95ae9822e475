"""The `selfassess` command: start or validate questionnaires, generate the docs, build or serve
the site."""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import version
from pathlib import Path

from . import portal as portal_module
from . import scaffold, site
from .portal import Portal
from .scales import BUILTIN_SCALES
from .source import ProblemsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="selfassess", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('selfassess')}")
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
    commands.add_parser("generate", help="write the pages and data into docs/ (no site build)")
    build = commands.add_parser("build", help="generate, then build the site into site/")
    build.add_argument("--engine", choices=site.ENGINES, default="mkdocs")
    build.add_argument("--site-dir", type=Path, help="where to build (default: site/)")
    build.add_argument(
        "--offline", action="store_true", help="a site to open from disk (file://), pages as *.html"
    )
    serve = commands.add_parser("serve", help="live preview; YAML edits regenerate and reload")
    serve.add_argument("--engine", choices=site.ENGINES, default="mkdocs")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")

    args = parser.parse_args(argv)
    try:
        return _run(args)
    except ProblemsError as error:
        print(error, file=sys.stderr if args.command != "validate" else sys.stdout)
        return 1
    except (site.BuildError, scaffold.ScaffoldError) as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(args)
    portal = Portal.load(args.project)
    if args.command == "new":
        path = scaffold.new_questionnaire(portal, args.id, args.title, args.scale)
        print(f"created {portal.display(path)}")
        print("next: edit it, replacing the examples with your own questions;")
        print("then preview it with `make serve`, or check it with `selfassess validate`")
    elif args.command == "generate":
        report = portal_module.generate(portal)
        print(f"generated into {portal.display(portal.docs_dir)}: {report}")
    elif args.command == "build":
        site_dir = site.build(portal, args.engine, args.site_dir, args.offline)
        print(
            f"built {portal.display(site_dir)}/ with {args.engine}"
            + (" (open its index.html from disk)" if args.offline else "")
        )
    else:
        site.serve(portal, args.engine, args.dev_addr)
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.files:
        checked = portal_module.check(args.files)
    else:
        checked = portal_module.check_portal(Portal.load(args.project))
    for problem in checked.problems:
        print(problem)
    for q in checked.questionnaires:
        print(
            f"{q.file}: valid ({_count(q.sections, 'section')}, {_count(q.items, 'item')})",
            file=sys.stderr,
        )
    return 1 if checked.problems else 0


def _count(things: tuple, noun: str) -> str:
    return f"{len(things)} {noun}{'' if len(things) == 1 else 's'}"


if __name__ == "__main__":
    sys.exit(main())
