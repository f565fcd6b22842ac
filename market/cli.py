"""Command line, for scripts and cron jobs:

    python -m market import sirene|geo|population|cog|bpe|spending|ban FILE [--date YYYY-MM-DD]
    python -m market competitors --naf CODE[,CODE...] (--departement D | --commune C [C ...] |
                                  --around LAT,LON --km R | --around-commune C --km R |
                                  --address "12 rue de la République, 69002 Lyon" --km R) [--naf2025] --json
    python -m market demo        # import the demonstration datasets (only where nothing was imported)

Bad input prints the catalogue message on stderr and exits with status 2 (no traceback).
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import i18n
from market import competition as comp
from market import datasets, naf
from market.errors import MarketError
from market.layouts import IMPORT_KINDS
from storage import DatabaseLockedError

BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m market", description="Market study datasets and counts")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default="fr")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("import", help="import an official file in its published layout")
    load.add_argument("kind", choices=list(IMPORT_KINDS))
    load.add_argument("file", type=Path)
    load.add_argument("--date", type=date.fromisoformat, help="the file's date (default: the file's own)")
    count = sub.add_parser("competitors", help="active establishments of NAF codes in an area")
    count.add_argument("--naf", required=True, help="codes separated by commas, e.g. 10.71C,10.71D,47.24Z")
    count.add_argument("--naf2025", action="store_true", help="the codes are NAF 2025 codes")
    where = count.add_mutually_exclusive_group(required=True)
    where.add_argument("--departement")
    where.add_argument("--commune", nargs="+")
    where.add_argument("--epci")
    where.add_argument("--around", help="LAT,LON of the centre")
    where.add_argument("--around-commune", help="a commune's code: its centre")
    where.add_argument("--address", help="an address found in the imported BAN: number, street, postcode or commune")
    count.add_argument("--km", type=float, help="radius in km (with --around / --around-commune / --address)")
    count.add_argument("--json", action="store_true", help="print JSON")
    sub.add_parser("demo", help="import the demonstration datasets where none was imported")
    return parser


def _area(args) -> comp.Area:
    if args.departement:
        return comp.Area("departement", (args.departement,))
    if args.commune:
        return comp.Area("communes", tuple(args.commune))
    if args.epci:
        return comp.Area("epci", (args.epci,))
    if args.around_commune:
        return comp.Area("radius", around=args.around_commune, km=args.km)
    if args.address:
        return comp.Area("radius", address=args.address, km=args.km)
    try:
        lat, lon = (float(part) for part in args.around.split(","))
    except ValueError:
        raise MarketError("market.error.point") from None
    return comp.Area("radius", lat=lat, lon=lon, km=args.km)


def _progress(lang: str):
    def show(share: float, step: str) -> None:
        print(f"{share * 100:5.1f} %  {i18n.t(step, lang)}", file=sys.stderr, flush=True)
    return show


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = args.lang
    try:
        if args.command == "import":
            result = datasets.import_file(args.kind, args.file, file_date=args.date, progress=_progress(lang))
            print(i18n.t("market.cli.imported", lang, rows=result.rows, kind=result.kind,
                         label=datasets.dataset_label(result.kind, lang)))
            return 0
        if args.command == "demo":
            from market.demo import seed_demo_market
            seed_demo_market()
            return 0
        nomenclature = naf.NAF2025 if args.naf2025 else naf.REV2
        found = comp.competition(args.naf.split(","), _area(args), nomenclature)
    except MarketError as exc:
        print(exc.message(lang), file=sys.stderr)
        return BAD_INPUT
    except DatabaseLockedError as exc:
        print(str(exc), file=sys.stderr)
        return BAD_INPUT
    out = {"naf": found.codes, "nomenclature": found.nomenclature, "area": found.area.area.to_dict(),
           "population": found.area.population, "count": found.active,
           "density_per_10000": round(found.density, 3),
           "departement_density_per_10000": _round(found.departement_density),
           "national_density_per_10000": _round(found.national_density),
           "place": found.area.label,
           "sources": [label for k in ("sirene", "population") + (("ban",) if args.address else ())
                       if (label := datasets.dataset_label(k, lang))],
           "sirets": sorted(found.establishments["siret"].tolist()) if found.active else []}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(i18n.t("market.cli.count", lang, count=out["count"], density=out["density_per_10000"],
                     population=out["population"]))
    return 0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
