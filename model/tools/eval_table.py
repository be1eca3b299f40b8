#!/usr/bin/env python3
"""Renders bin/deblur eval reports as Markdown tables (the README's "Model quality" section).

    python3 model/tools/eval_table.py bench/results/eval/motion.json [more reports...]

Per modality PSNR / SSIM / DeltaE for every method (the shape of MedDeblur's Table 2), then the average over
modalities and the timing. Numbers come only from the report files.
"""
import json
import sys


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
            cells.append(f"{r['psnr']:.2f} / {r['ssim']:.3f} / {r['deltaE']:.2f}")
        a = report["average"][method]
        timing = report.get("timing", {}).get(method, {}).get("ms_per_megapixel", 0.0)
        cells.append(f"**{a['psnr']:.2f} / {a['ssim']:.3f} / {a['deltaE']:.2f}**")
        cells.append(f"{timing:.0f}")
        out.append(f"| `{method}` | " + " | ".join(cells) + " |")
    out.append("")
    out.append("Cells: PSNR dB / SSIM / CIEDE2000 DeltaE (higher, higher, lower is better).")
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: eval_table.py REPORT.json [...]")
    for path in sys.argv[1:]:
        with open(path) as f:
            print(render(json.load(f)))
            print()
