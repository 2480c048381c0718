#!/usr/bin/env python3
"""read_back_events.py RUN STEPS: reads a convlstm_train run's TensorBoard events back with
TensorBoard's own reader and checks them against the run: the first record names the format,
train/mse_per_frame has every step 1..STEPS, the test scalars equal metrics.csv's (the run is
scored every step), and each prediction image is a PNG of the size its event states at every
step. Exits 1 with one line at the first difference."""
import csv
import glob
import math
import struct
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

IMAGES = ["predictions/1_seen", "predictions/2_truth", "predictions/3_predicted", "predictions/4_error"]


def fail(message):
    sys.exit(f"read_back_events: {message}")


def close(a, b):  # the events hold float32
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def main():
    run, steps = sys.argv[1], int(sys.argv[2])
    files = glob.glob(f"{run}/events.out.tfevents.*")
    if len(files) != 1:
        fail(f"{run} holds {len(files)} event files, not 1")
    records = list(EventFileLoader(files[0]).Load())
    if not records or records[0].file_version != "brain.Event:2":
        fail(f"{files[0]}: the first record does not name the format")

    events = EventAccumulator(run, size_guidance={"scalars": 0, "images": 0})
    events.Reload()
    tags = events.Tags()
    train = events.Scalars("train/mse_per_frame")
    if [e.step for e in train] != list(range(1, steps + 1)):
        fail(f"train/mse_per_frame has steps {[e.step for e in train]}, not 1..{steps}")
    with open(f"{run}/metrics.csv") as table:
        rows = list(csv.DictReader(table))
    for tag, column in [("train/mse_per_frame", "train_mse_per_frame"), ("test/mse_per_frame", "test_mse_per_frame"),
                        ("test/ssim", "test_ssim"), ("test/ssim_first_predicted_frame", "test_ssim_first_predicted_frame")]:
        logged = [(e.step, e.value) for e in events.Scalars(tag)]
        expected = [(int(r["step"]), float(r[column])) for r in rows]
        if len(logged) != len(expected) or not all(s == t and close(v, w) for (s, v), (t, w) in zip(logged, expected)):
            fail(f"{tag} holds {logged}, metrics.csv {expected}")
    for tag in IMAGES:
        if tag not in tags["images"]:
            fail(f"no image {tag} (images: {tags['images']})")
        images = events.Images(tag)
        if [e.step for e in images] != [int(r["step"]) for r in rows]:
            fail(f"{tag} is at steps {[e.step for e in images]}")
        for image in images:
            png = image.encoded_image_string
            width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
            if png[:8] != b"\x89PNG\r\n\x1a\n" or (width, height) != (image.width, image.height):
                fail(f"{tag} at step {image.step} is not a {image.width}x{image.height} PNG")
    scalars = sum(len(events.Scalars(t)) for t in tags["scalars"])
    print(f"read back {len(records)} records: {scalars} scalars under {len(tags['scalars'])} tags and "
          f"{len(IMAGES) * len(rows)} images")


if __name__ == "__main__":
    main()
