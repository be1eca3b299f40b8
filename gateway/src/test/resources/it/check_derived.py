#!/usr/bin/python3
"""Checks derived (deblurred) instances against their sources with pydicom and dicom3tools' dciodvfy.

Input on stdin, one pair per line: SOURCE <TAB> DERIVED <TAB> MODEL_ID <TAB> ORDER (1: also check frame order).
Output, one line per pair: SOURCE <TAB> DERIVED <TAB> "OK" or the problems joined by " | " <TAB> a short summary.

What a derived instance must be (issue #5):
- dciodvfy: no Error line that the source did not already have. Inherited are: the same line with its quoted values
  blanked (UIDs and dates differ), and any line about a value the source's own Error lines already name (a source
  with an invalid UID passes it on in the derived instance's references). A source dciodvfy cannot read (deflated)
  is validated as dcmconv +te writes it. Not counted either: dicom3tools' rule that the Type 1C attributes of
  ALLOWED_DERIVED_MODULES must be absent once Image Type Value 1 is DERIVED; PS3.3 says "May be present otherwise"
  for them, and the derived instance keeps what the source recorded about its acquisition;
- pydicom decodes its pixel data with the source's rows, columns, frames, bits allocated and bits stored, and the
  source's photometric interpretation (RGB where the source was YBR_*);
- Image Type DERIVED\\SECONDARY... (enhanced multi-frame IODs: DERIVED\\PRIMARY..., the only Value 2 they allow,
  PS3.3 C.8.16.1.2, and every Frame Type DERIVED too), the source's Study Instance UID, a
  Series Instance UID of its own, a Derivation Description naming the model, a Derivation Code Sequence and a
  Source Image Sequence item referencing the source SOP instance with purpose 121322 (top level; for enhanced IODs
  in the Derivation Image functional group of every frame, or of the shared group),
  a Contributing Equipment Sequence item with purpose 109102, and the private block "DEBLUR GATEWAY" in group 0073
  with the model id and blur scores in [0, 1];
- with ORDER: every derived frame correlates best with the source frame of the same index.
A pair that cannot be read at all is reported as a problem, never skipped.
"""
import re
import subprocess
import sys

import numpy as np
import pydicom

CREATOR = "DEBLUR GATEWAY"
GROUP = 0x0073
QUOTED = re.compile(r'"[^"]*"')
VALUES = re.compile(r'"([^"]*)"|<([^>]*)>')
ALLOWED_DERIVED_MODULES = ("MRPulseSequence", "BulkMotionSynchronization")
CONDITION_UNSATISFIED = "Attribute present when condition unsatisfied (which may not be present otherwise)"
# Enhanced multi-frame IODs (Image Type Value 2 PRIMARY only, PS3.3 C.8.16.1.2); an object of one of these classes
# counts as enhanced even when it lacks its functional groups (pydicom's emri_small.dcm).
STORAGE = "1.2.840.10008.5.1.4.1.1."
ENHANCED_CLASSES = {STORAGE + suffix for suffix in (
    "2.1", "2.2", "4.1", "4.2", "4.3", "4.4", "6.2", "6.3", "12.1.1", "12.2.1", "13.1.1", "13.1.2", "13.1.3",
    "13.1.4", "13.1.5", "14.1", "14.2", "30", "77.1.6", "128.1", "128.2")}


def dciodvfy_lines(path):
    run = subprocess.run(["dciodvfy", path], capture_output=True, text=True, errors="replace", timeout=120)
    return [line.strip() for line in (run.stdout + run.stderr).splitlines() if line.startswith("Error")]


def source_errors(path, scratch):
    lines = dciodvfy_lines(path)
    if any("Dicom dataset read failed" in line for line in lines):
        subprocess.run(["dcmconv", "+te", path, scratch], capture_output=True, timeout=120)
        lines = dciodvfy_lines(scratch)
    return lines


def values_of(line):
    return {"".join((a or b).split()) for a, b in VALUES.findall(line)} - {""}


def new_errors(source_lines, derived_lines):
    """Derived Error lines not inherited from the source (see the module comment)."""
    blanked = {QUOTED.sub('"..."', line) for line in source_lines}
    source_values = set().union(*[values_of(line) for line in source_lines]) if source_lines else set()
    fresh = []
    for line in derived_lines:
        if QUOTED.sub('"..."', line) in blanked or values_of(line) & source_values:
            continue
        if CONDITION_UNSATISFIED in line and any("Module=<%s>" % m in line for m in ALLOWED_DERIVED_MODULES):
            continue
        fresh.append(line)
    return sorted(set(fresh))


def code_values(sequence_item, keyword):
    return {str(code.get("CodeValue", "")) for code in sequence_item.get(keyword, [])}


def derivations(ds):
    """(frame number or None, dataset holding Derivation Description / Code / Source Image Sequence) to check.

    Without functional groups: the top level. With them: the Derivation Image Sequence item of every per-frame
    group that has one, else of the shared group.
    """
    if "SharedFunctionalGroupsSequence" not in ds:
        return [(None, ds)]
    per_frame = [(i + 1, item) for i, group in enumerate(ds.get("PerFrameFunctionalGroupsSequence", []))
                 for item in group.get("DerivationImageSequence", [])]
    if per_frame:
        return per_frame
    return [(None, item) for group in ds.SharedFunctionalGroupsSequence
            for item in group.get("DerivationImageSequence", [])]


def frame_types(ds):
    """Every Frame Type (0008,9007) in the functional groups."""
    found = []
    for sequence in ("SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence"):
        for group in ds.get(sequence, []):
            for element in group:
                if element.VR == "SQ":
                    for macro in element.value:
                        if "FrameType" in macro:
                            found.append([str(v) for v in macro.FrameType])
    return found


def private_block(ds):
    """Block number (the bb of (0073,bbxx)) reserved by the DEBLUR GATEWAY private creator, or None."""
    for element in range(0x10, 0x100):
        tag = (GROUP << 16) | element
        if tag in ds and str(ds[tag].value).strip() == CREATOR:
            return element
    return None


def frames_of(array, frame_count):
    """Pixel array as (frames, rows, columns[, samples]) whatever pydicom's squeezing did."""
    if frame_count == 1:
        array = array[np.newaxis, ...]
    return array


def check_order(source, derived, problems, summary):
    src = frames_of(source.pixel_array, int(source.get("NumberOfFrames", 1) or 1))
    der = frames_of(derived.pixel_array, int(derived.get("NumberOfFrames", 1) or 1))
    if src.shape != der.shape:
        problems.append("frame order: shapes differ %s vs %s" % (src.shape, der.shape))
        return
    s = src.reshape(src.shape[0], -1).astype(np.float64)
    d = der.reshape(der.shape[0], -1).astype(np.float64)
    s = (s - s.mean(axis=1, keepdims=True)) / (s.std(axis=1, keepdims=True) + 1e-12)
    d = (d - d.mean(axis=1, keepdims=True)) / (d.std(axis=1, keepdims=True) + 1e-12)
    corr = d @ s.T / s.shape[1]  # corr[i, j]: derived frame i vs source frame j
    best = corr.argmax(axis=1)
    wrong = [(i, int(j)) for i, j in enumerate(best) if i != j]
    if wrong:
        problems.append("frame order: derived frame -> best source frame %s" % wrong[:10])
    own = np.diag(corr)
    summary.append("frame correlation with own source frame min %.3f" % own.min())
    if own.min() < 0.8:
        problems.append("a derived frame correlates only %.3f with its source frame" % own.min())


def check(source_path, derived_path, model, order):
    problems, summary = [], []
    source = pydicom.dcmread(source_path, force=True)
    derived = pydicom.dcmread(derived_path)

    for line in new_errors(source_errors(source_path, derived_path + ".source-te.dcm"), dciodvfy_lines(derived_path)):
        problems.append("dciodvfy: " + line)

    src_photometric = str(source.PhotometricInterpretation)
    expected_photometric = "RGB" if src_photometric.startswith("YBR") else src_photometric
    expected = {
        "Rows": int(source.Rows), "Columns": int(source.Columns),
        "NumberOfFrames": int(source.get("NumberOfFrames", 1) or 1),
        "PhotometricInterpretation": expected_photometric,
        "BitsAllocated": int(source.BitsAllocated), "BitsStored": int(source.BitsStored),
    }
    actual = {
        "Rows": int(derived.Rows), "Columns": int(derived.Columns),
        "NumberOfFrames": int(derived.get("NumberOfFrames", 1) or 1),
        "PhotometricInterpretation": str(derived.PhotometricInterpretation),
        "BitsAllocated": int(derived.BitsAllocated), "BitsStored": int(derived.BitsStored),
    }
    for key, value in expected.items():
        if actual[key] != value:
            problems.append("%s %s, source %s (expected %s)" % (key, actual[key], source.get(key), value))
    try:
        pixels = derived.pixel_array
        samples = 3 if expected_photometric == "RGB" else 1
        shape = ((expected["NumberOfFrames"],) if expected["NumberOfFrames"] > 1 else ()) \
            + (expected["Rows"], expected["Columns"]) + ((3,) if samples == 3 else ())
        if tuple(pixels.shape) != shape:
            problems.append("decoded pixel array %s, expected %s" % (tuple(pixels.shape), shape))
    except Exception as exc:  # the derived pixel data must decode; say why it did not
        problems.append("pydicom cannot decode the derived pixel data: %s: %s" % (type(exc).__name__, exc))

    image_type = [str(v) for v in derived.get("ImageType", [])]
    enhanced = "SharedFunctionalGroupsSequence" in derived or str(derived.SOPClassUID) in ENHANCED_CLASSES
    if enhanced:
        if image_type[:1] != ["DERIVED"] or image_type[1:2] not in (["PRIMARY"], ["SECONDARY"]):
            problems.append("ImageType %s (enhanced IOD) does not start DERIVED\\PRIMARY" % "\\".join(image_type))
        for frame_type in frame_types(derived):
            if frame_type[:1] != ["DERIVED"]:
                problems.append("a Frame Type is %s, not DERIVED" % "\\".join(frame_type))
                break
    elif image_type[:2] != ["DERIVED", "SECONDARY"]:
        problems.append("ImageType %s does not start DERIVED\\SECONDARY" % "\\".join(image_type))
    if derived.get("StudyInstanceUID") != source.get("StudyInstanceUID"):
        problems.append("StudyInstanceUID differs from the source's")
    if not derived.get("SeriesInstanceUID") or derived.SeriesInstanceUID == source.get("SeriesInstanceUID"):
        problems.append("SeriesInstanceUID is not a new one")
    if derived.SOPInstanceUID == source.SOPInstanceUID:
        problems.append("SOPInstanceUID is the source's")
    places = derivations(derived)
    if not places:
        problems.append("no Derivation Image Sequence in the functional groups")
    for frame, place in places:
        where = "" if frame is None else " (frame %d)" % frame
        if model not in str(place.get("DerivationDescription", "")):
            problems.append("DerivationDescription%s %r does not name %s"
                            % (where, place.get("DerivationDescription"), model))
        if len(place.get("DerivationCodeSequence", [])) == 0:
            problems.append("no DerivationCodeSequence" + where)
        refs = [item for item in place.get("SourceImageSequence", [])
                if item.get("ReferencedSOPInstanceUID") == source.SOPInstanceUID
                and "121322" in code_values(item, "PurposeOfReferenceCodeSequence")]
        if not refs:
            problems.append("no Source Image Sequence item with purpose 121322 referencing the source instance" + where)
        elif refs[0].get("ReferencedSOPClassUID") != source.SOPClassUID:
            problems.append("Source Image Sequence%s references SOP class %s, source is %s"
                            % (where, refs[0].get("ReferencedSOPClassUID"), source.SOPClassUID))
        elif frame is not None and "ReferencedFrameNumber" in refs[0] \
                and [int(n) for n in (refs[0].ReferencedFrameNumber if refs[0]["ReferencedFrameNumber"].VM > 1
                                      else [refs[0].ReferencedFrameNumber])] != [frame]:
            problems.append("Source Image Sequence of frame %d references source frame(s) %s"
                            % (frame, refs[0].ReferencedFrameNumber))
        if len([p for p in problems if "(frame" in p]) > 5:
            break  # enough to see what is wrong; a 96-frame object would repeat it 96 times
    if not any("109102" in code_values(item, "PurposeOfReferenceCodeSequence")
               for item in derived.get("ContributingEquipmentSequence", [])):
        problems.append("no Contributing Equipment Sequence item with purpose 109102")

    block = private_block(derived)
    if block is None:
        problems.append("no private creator %r in group 0073" % CREATOR)
    else:
        def private(offset):
            tag = (GROUP << 16) | (block << 8) | offset
            return derived[tag].value if tag in derived else None
        if str(private(0x01) or "").strip() != model:
            problems.append("private model id %r, expected %s" % (private(0x01), model))
        for offset, name in ((0x04, "input"), (0x05, "output")):
            score = private(offset)
            try:
                score = float(score)
            except (TypeError, ValueError):
                problems.append("private %s blur score %r is not a number" % (name, score))
                continue
            if not 0.0 <= score <= 1.0:
                problems.append("private %s blur score %r outside [0, 1]" % (name, score))
        summary.append("blur %s -> %s" % (private(0x04), private(0x05)))

    if order:
        try:
            check_order(source, derived, problems, summary)
        except Exception as exc:
            problems.append("frame order check failed: %s: %s" % (type(exc).__name__, exc))
    summary.insert(0, "%s %dx%d x%d %d/%d bit" % (actual["PhotometricInterpretation"], actual["Columns"],
                                                  actual["Rows"], actual["NumberOfFrames"],
                                                  actual["BitsAllocated"], actual["BitsStored"]))
    return problems, summary


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        source, derived, model, order = line.rstrip("\n").split("\t")
        try:
            problems, summary = check(source, derived, model, order == "1")
        except Exception as exc:  # report and go on: one broken pair must not hide the others
            problems, summary = ["cannot check: %s: %s" % (type(exc).__name__, exc)], []
        text = " | ".join(p.replace("\t", " ").replace("\n", " ") for p in problems) or "OK"
        print("\t".join([source, derived, text, "; ".join(summary)]), flush=True)


if __name__ == "__main__":
    main()
