#!/usr/bin/python3
"""Helper of bench/load.sh, soak.sh and disk-return.sh (not a test): makes the objects, turns storescu's timestamped
logs into per-C-STORE round trips, and checks at Orthanc's REST API that every object arrived exactly once.

  load_driver.py generate OUT --associations N --per-association M [--deblur-every K] [--prefix P]
      OUT/aNN/*.dcm (one folder per association) and OUT/manifest.json (every SOP Instance UID, and which of them a
      deblur rule takes: Modality CR, 128x128 frames; the rest Modality OT 256x256, passed unchanged). Every object
      has its own SOP Instance UID.
  load_driver.py acks LOG...
      per storescu log: the files that got Success and the round trip of each C-STORE (from "Sending Store Request"
      to "Received Store Response", timestamps from the log layout bench/storescu-log.cfg writes) as JSON.
  load_driver.py verify ORTHANC_HTTP_URL MANIFEST... [--acked ACKS.json] [--deliveries ORTHANC_LOG...]
      what Orthanc holds against what was sent: missing, unexpected, derived instances per deblurred source, and the
      C-STOREs Orthanc received per SOP Instance UID (its Lua filter's log lines), as JSON.
  load_driver.py stats [--acks ACKS.json] [--heap HEAP.tsv]
      C-STORE round-trip p50/p90/p99/max (nearest rank), and heap used / live after GC (MiB): median, max, and the
      medians of the first and last quarter of the samples (lines "epoch used_bytes live_bytes").
"""
import argparse
import json
import os
import re
import sys
import urllib.request
import uuid

SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
COMPUTED_RADIOGRAPHY = "1.2.840.10008.5.1.4.1.1.1"


def uid():
    return "2.25." + str(uuid.uuid4().int)


def generate(args):
    import numpy as np
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian

    rng = np.random.default_rng(int(args.seed))
    study = uid()
    series = {"OT": uid(), "CR": uid()}
    objects = []
    number = 0
    for a in range(args.associations):
        folder = os.path.join(args.out, "a%02d" % a)
        os.makedirs(folder, exist_ok=True)
        for i in range(args.per_association):
            number += 1
            deblur = args.deblur_every > 0 and number % args.deblur_every == 0
            modality = "CR" if deblur else "OT"
            size = args.deblur_size if deblur else args.pass_size
            sop_class = COMPUTED_RADIOGRAPHY if deblur else SECONDARY_CAPTURE
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = sop_class
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds = Dataset()
            ds.file_meta = meta
            ds.is_little_endian, ds.is_implicit_VR = True, False
            ds.SOPClassUID = sop_class
            ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID = uid()
            ds.PatientName, ds.PatientID, ds.Modality = "BENCH^LOAD", "BENCH", modality
            ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series[modality]
            ds.SeriesDescription = "BENCH " + modality
            ds.InstanceNumber = number
            ds.Rows = ds.Columns = size
            ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
            ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
            ds.PixelData = rng.integers(0, 4096, size=(size, size), dtype=np.uint16).tobytes()
            path = os.path.join(folder, "%s%05d.dcm" % (args.prefix, number))
            ds.save_as(path, write_like_original=False)
            objects.append({"file": os.path.abspath(path), "uid": ds.SOPInstanceUID, "deblur": deblur})
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump({"objects": objects}, f)


LINE = re.compile(r"^(\d+\.\d+) (\w+) (.*)$")


def acks(args):
    """Files acknowledged with Success and round trips (ms) of every C-STORE, from storescu -v logs with timestamps."""
    acked, failed, round_trips = [], [], []
    for log in args.logs:
        current_file, sent_at = None, None
        with open(log, errors="replace") as f:
            for raw in f:
                m = LINE.match(raw.rstrip("\n"))
                if not m:
                    continue
                t, message = float(m.group(1)), m.group(3)
                if message.startswith("Sending file: "):
                    current_file = message[len("Sending file: "):].strip()
                elif message.startswith("Sending Store Request"):
                    sent_at = t
                elif message.startswith("Received Store Response"):
                    if sent_at is not None:
                        round_trips.append(round((t - sent_at) * 1000.0, 3))
                    (acked if "(Success)" in message else failed).append(current_file)
                    current_file, sent_at = None, None
    json.dump({"acked": acked, "failed": failed, "round_trips_ms": round_trips}, sys.stdout)


def orthanc_get(base, path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return json.load(r)


def verify(args):
    sent = {}
    for manifest in args.manifests:
        with open(manifest) as f:
            for o in json.load(f)["objects"]:
                sent[o["uid"]] = o
    acked_files = None
    if args.acked:
        with open(args.acked) as f:
            acked_files = set(json.load(f)["acked"])
    acked = {u for u, o in sent.items() if acked_files is None or o["file"] in acked_files}
    stored = {}  # SOP Instance UID -> Orthanc ids holding it
    for item in orthanc_get(args.url, "/instances?expand"):
        stored.setdefault(item["MainDicomTags"]["SOPInstanceUID"], []).append(item["ID"])
    derived_of = {}  # source SOP Instance UID -> derived SOP Instance UIDs
    unexpected = []
    for sop, ids in stored.items():
        if sop in sent:
            continue
        tags = orthanc_get(args.url, "/instances/%s/tags?simplify" % ids[0])
        sources = [s.get("ReferencedSOPInstanceUID") for s in tags.get("SourceImageSequence", [])]
        if len(sources) == 1 and sources[0] in sent:
            derived_of.setdefault(sources[0], []).append(sop)
        else:
            unexpected.append(sop)
    deblur_sources = {u for u in acked if sent[u]["deblur"]}
    deliveries = {}
    for log in args.deliveries or []:
        with open(log, errors="replace") as f:
            for m in re.finditer(r"BENCH-DELIVERY (\S+)", f.read()):
                deliveries[m.group(1)] = deliveries.get(m.group(1), 0) + 1
    result = {
        "sent": len(sent),
        "acked": len(acked),
        "stored_instances": sum(len(ids) for ids in stored.values()),
        "originals_stored": len([u for u in sent if u in stored]),
        "lost": sorted(u for u in acked if u not in stored),
        "stored_more_than_once": sorted(u for u, ids in stored.items() if len(ids) > 1),
        "deblur_sources": len(deblur_sources),
        "derived_stored": sum(len(v) for v in derived_of.values()),
        "deblur_sources_without_derived": sorted(u for u in deblur_sources if u not in derived_of),
        "deblur_sources_with_several_derived": sorted(u for u, v in derived_of.items() if len(v) > 1),
        "derived_of_non_deblur_object": sorted(u for u in derived_of if not sent[u]["deblur"]),
        "unexpected": sorted(unexpected),
        "unacked_but_stored": len([u for u in sent if u not in acked and u in stored]),
        "c_stores_received": sum(deliveries.values()),
        "uids_received_more_than_once": len([u for u, n in deliveries.items() if n > 1]),
    }
    result["ok"] = not (
        result["lost"]
        or result["stored_more_than_once"]
        or result["deblur_sources_without_derived"]
        or result["deblur_sources_with_several_derived"]
        or result["derived_of_non_deblur_object"]
        or result["unexpected"]
    )
    json.dump(result, sys.stdout)


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def stats(args):
    """C-STORE round-trip percentiles from an acks JSON, and heap figures from a heap samples file."""
    out = {}
    if args.acks:
        with open(args.acks) as f:
            trips = json.load(f)["round_trips_ms"]
        if trips:
            out.update(
                c_stores=len(trips),
                p50_ms=percentile(trips, 50),
                p90_ms=percentile(trips, 90),
                p99_ms=percentile(trips, 99),
                max_ms=max(trips),
            )
    if args.heap:
        rows = []
        with open(args.heap) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[1] != "nan":
                    rows.append((float(parts[0]), float(parts[1]), float(parts[2])))
        if rows:
            used = [r[1] / 2**20 for r in rows]
            live = [r[2] / 2**20 for r in rows if r[2] > 0]
            quarter = max(1, len(rows) // 4)
            out.update(
                heap_samples=len(rows),
                heap_used_mib_median=round(median(used), 1),
                heap_used_mib_max=round(max(used), 1),
                heap_used_mib_first_quartile_median=round(median(used[:quarter]), 1),
                heap_used_mib_last_quartile_median=round(median(used[-quarter:]), 1),
            )
            if live:
                lq = max(1, len(live) // 4)
                out.update(
                    live_after_gc_mib_first_quartile_median=round(median(live[:lq]), 1),
                    live_after_gc_mib_last_quartile_median=round(median(live[-lq:]), 1),
                    live_after_gc_mib_max=round(max(live), 1),
                )
    json.dump(out, sys.stdout)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("out")
    g.add_argument("--associations", type=int, required=True)
    g.add_argument("--per-association", type=int, required=True)
    g.add_argument("--deblur-every", type=int, default=0)
    g.add_argument("--pass-size", type=int, default=256)
    g.add_argument("--deblur-size", type=int, default=128)
    g.add_argument("--prefix", default="obj")
    g.add_argument("--seed", default="7")
    a = sub.add_parser("acks")
    a.add_argument("logs", nargs="+")
    v = sub.add_parser("verify")
    v.add_argument("url")
    v.add_argument("manifests", nargs="+")
    v.add_argument("--acked")
    v.add_argument("--deliveries", nargs="*")
    s = sub.add_parser("stats")
    s.add_argument("--acks")
    s.add_argument("--heap")
    args = p.parse_args()
    {"generate": generate, "acks": acks, "verify": verify, "stats": stats}[args.cmd](args)


if __name__ == "__main__":
    main()
