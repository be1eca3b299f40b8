#!/usr/bin/env python3
"""Copies bin/deblur eval results into each shipped model's card (model/weights/<id>/model.json, key "evaluation").

    python3 model/tools/update_model_cards.py bench/results/eval/motion.json bench/results/eval/gaussian.json

For every model id present in a report: its per-modality and average PSNR / SSIM / DeltaE, next to `blurry` for
reference, keyed by protocol. Only the card's "evaluation" changes; the weights (and their sha256) do not.
"""
import json
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
WEIGHTS = os.path.join(ROOT, "model", "weights")


def main(paths):
    reports = []
    for path in paths:
        with open(path) as f:
            reports.append((os.path.relpath(path, ROOT), json.load(f)))
    for model_id in sorted(os.listdir(WEIGHTS)):
        card_path = os.path.join(WEIGHTS, model_id, "model.json")
        if not os.path.isfile(card_path):
            continue
        with open(card_path) as f:
            card = json.load(f)
        evaluation = {}
        for rel, report in reports:
            if model_id not in report["average"]:
                continue
            evaluation[report["protocol"]] = {
                "report": rel,
                "command": f"bin/deblur eval --data ../shared/data/test --out {rel} "
                           f"--protocol {report['protocol']} --seed {report['seed']}",
                "seed": report["seed"],
                "average": report["average"][model_id],
                "blurry_average": report["average"]["blurry"],
                "modalities": {m: v[model_id] for m, v in report["modalities"].items()},
            }
        card["evaluation"] = evaluation
        tmp = card_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(card, f, indent=2)
            f.write("\n")
        os.replace(tmp, card_path)
        print(f"{model_id}: evaluation for {', '.join(evaluation) or 'nothing'}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: update_model_cards.py REPORT.json [...]")
    main(sys.argv[1:])
