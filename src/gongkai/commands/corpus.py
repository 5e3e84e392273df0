"""`gongkai corpus DIR`: write a synthetic corpus of annual reports with their expected figures.

DIR/expected.json maps each file name to the figures a correct reader reports for it (pointer -> value,
with /agency, /year and /template), the shape of the seed corpus's gold.json `figures`. DIR/manifest.json
records, per file, the report's template, format, variant flags and — for flattened files — the
pointers left out because their row cannot be split uniquely.
"""

from __future__ import annotations

import json
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser(
        "corpus",
        help="write synthetic annual reports (txt/html/md/docx/pdf) and their expected figures",
        description="Generate a deterministic synthetic corpus of annual reports with DIR/expected.json.",
    )
    p.add_argument("dir", metavar="DIR", type=Path, help="output directory (created if missing)")
    p.add_argument("--count", type=int, default=12, help="number of reports (default 12)")
    p.add_argument("--formats", default="txt,html,md,docx,pdf", help="comma-separated formats (default all five)")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same reports")
    p.add_argument("--templates", default="2021,2019,pre2019", help="comma-separated template ids to cycle through")
    p.add_argument("--flattened", action="store_true", help="also write crawler-style flattened txt (*.flat.txt)")
    p.add_argument("--traditional", action="store_true", help="also write traditional-script copies (*.zht.*)")
    p.set_defaults(func=run)


def run(args) -> int:
    from gongkai.corpus import FORMATS, ambiguous_flattened, expected_figures, file_name, generate, render

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        print(f"gongkai corpus: unknown format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}")
        return 2
    if args.count < 0:
        print("gongkai corpus: --count must be >= 0")
        return 2
    out: Path = args.dir
    out.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict] = {}
    manifest: dict[str, dict] = {}
    reports = generate(args.count, seed=args.seed, templates=[t.strip() for t in args.templates.split(",") if t.strip()])
    for report in reports:
        variants = [(fmt, False, False) for fmt in formats]
        if args.flattened:
            variants.append(("txt", True, False))
        if args.traditional:
            variants += [(fmt, False, True) for fmt in formats]
        for fmt, flattened, traditional in variants:
            name = file_name(report, fmt, flattened=flattened, traditional=traditional)
            (out / name).write_bytes(render(report, fmt, flattened=flattened, traditional=traditional))
            expected[name] = expected_figures(report, flattened=flattened)
            manifest[name] = {
                "report": report.name,
                "template": report.template,
                "format": fmt,
                "flattened": flattened,
                "traditional": traditional,
                "variants": report.variants,
                "not_expected_ambiguous": ambiguous_flattened(report) if flattened else [],
            }
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", "utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {len(expected)} files for {len(reports)} reports to {out}")
    return 0
