#!/usr/bin/env python3
"""Renders bin/deblur eval reports as Markdown tables (the README's "Model quality" section).

    python3 model/tools/eval_table.py bench/results/eval/motion.json [more reports...]

Per modality PSNR / SSIM / DeltaE for every method (the shape of MedDeblur's Table 2), then the average over
modalities and the timing; reports made with --cad get a second table of Otsu-mask Dice / Canny edge F1. A PSNR
that is infinite (images returned unchanged, "psnr": null with "psnr_identical") is shown as "inf". Numbers come
only from the report files.
"""
import json
import sys


def psnr_cell(r):
    if r["psnr"] is not None:
        return f"{r['psnr']:.2f}"
    k = r.get("psnr_identical", 0)
    n = r.get("n")
    return "inf" if n is None or k == n else f"inf ({k}/{n} identical)"


def render_cad(report, methods, modalities):
    out = ["", f"**CAD agreement, protocol `{report['protocol']}`** (Otsu-mask Dice / Canny edge F1 against the "
                "sharp image; 1 = same mask / edges)", ""]
    out.append("| method | " + " | ".join(modalities) + " | average |")
    out.append("|---|" + "---|" * (len(modalities) + 1))
    for method in methods:
        cells = [f"{report['modalities'][m][method]['dice']:.3f} / {report['modalities'][m][method]['edgeF1']:.3f}"
                 for m in modalities]
        a = report["average"][method]
        cells.append(f"**{a['dice']:.3f} / {a['edgeF1']:.3f}**")
        out.append(f"| `{method}` | " + " | ".join(cells) + " |")
    return out


def render(report):
    methods = list(report["average"].keys())
    modalities = list(report["modalities"].keys())
    out = [f"**Protocol `{report['protocol']}`, seed {report['seed']}** "
           f"(n per modality: " + ", ".join(
               f"{m} {report['modalities'][m][methods[0]]['n']}" for m in modalities) + ")", ""]
    out.append("| method | " + " | ".join(modalities) + " | average | ms/MP |")
    out.append("|---|" + "---|" * (len(modalities) + 2))
    for method in methods:
        cells = []
        for m in modalities:
            r = report["modalities"][m][method]
            cells.append(f"{psnr_cell(r)} / {r['ssim']:.3f} / {r['deltaE']:.2f}")
        a = report["average"][method]
        timing = report.get("timing", {}).get(method, {}).get("ms_per_megapixel", 0.0)
        cells.append(f"**{psnr_cell(a)} / {a['ssim']:.3f} / {a['deltaE']:.2f}**")
        cells.append(f"{timing:.0f}")
        out.append(f"| `{method}` | " + " | ".join(cells) + " |")
    out.append("")
    out.append("Cells: PSNR dB / SSIM / CIEDE2000 DeltaE (higher, higher, lower is better).")
    if "dice" in report["average"][methods[0]]:
        out.extend(render_cad(report, methods, modalities))
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: eval_table.py REPORT.json [...]")
    for path in sys.argv[1:]:
        with open(path) as f:
            print(render(json.load(f)))
            print()
