#!/usr/bin/env python3
"""Training throughput of the ConvLSTM lab: this project's LibTorch model against an eager
PyTorch copy of the same model, batch and precision, timed in one run on one machine.

    python3 scripts/benchmark_convlstm.py --device cuda --batch 16 --precision bf16

Needs a python3 with torch, and build/convlstm/convlstm_benchmark (the course's build, so that
--update reference exists). Both sides time whole training steps (forward, MSE, backward, Adam)
on random clips made before the clock starts, after the same warm-up; the two alternate
--repeats times and the median of each is reported.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

# A torch wheel without NumPy beside it warns so on import; nothing here uses NumPy.
warnings.filterwarnings("ignore", message="Failed to initialize NumPy")
import torch  # noqa: E402 (after the filter)
import torch.nn as nn
import torch.nn.functional as F


class ConvLSTMCell(nn.Module):
    """One convolution over [x, h] gives the gates i, f, g, o (Shi et al. 2015, eq. 3)."""

    def __init__(self, input_channels, hidden_channels, kernel):
        super().__init__()
        self.gates = nn.Conv2d(input_channels + hidden_channels, 4 * hidden_channels, kernel, padding=kernel // 2)

    def forward(self, x, h, c):
        i, f, g, o = self.gates(torch.cat([x, h], 1)).chunk(4, 1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c


MOTION_KERNELS, MOTION_KERNEL_SIZE = 10, 9  # convlstm/model.h's kMotionKernels, kMotionKernelSize


class EncoderDecoder(nn.Module):
    """convlstm/model.cpp's EncoderDecoder, layer for layer."""

    def __init__(self, hidden, kernel, layers, frames_out, decoder, patch, skip, head):
        super().__init__()
        self.hidden, self.frames_out, self.decoder_kind, self.patch = hidden, frames_out, decoder, patch
        self.skip, self.head_kind = skip, head
        channels = patch * patch  # space-to-depth: p x p pixels become p*p channels
        self.encoder = nn.ModuleList(ConvLSTMCell(channels if l == 0 else hidden, hidden, kernel) for l in range(layers))
        self.decoder = nn.ModuleList(ConvLSTMCell(hidden, hidden, kernel)
                                     for _ in range(0 if decoder == "next-frame" else layers))
        if head == "cdna":
            self.motion_kernels = nn.Linear(hidden, MOTION_KERNELS * MOTION_KERNEL_SIZE ** 2)
            self.motion_masks = nn.Conv2d(hidden, MOTION_KERNELS * channels, kernel, padding=kernel // 2)
        else:
            self.head = nn.Conv3d(hidden + (channels if skip else 0), channels, (1, kernel, kernel),
                                  padding=(0, kernel // 2, kernel // 2))

    def to_patches(self, frames):
        return F.pixel_unshuffle(frames, self.patch) if self.patch > 1 else frames

    def from_patches(self, patches):
        return F.pixel_shuffle(patches, self.patch) if self.patch > 1 else patches

    def logits(self, frames):  # [B, T_in, 1, H, W] -> [B, T, 1, H, W], T as in model.h
        return self.next_frame_logits(frames) if self.decoder_kind == "next-frame" else self.encoder_decoder_logits(frames)

    def zero_state(self, patches):
        zeros = patches.new_zeros(patches.shape[0], self.hidden, patches.shape[-2], patches.shape[-1])
        return [zeros] * len(self.encoder), [zeros] * len(self.encoder)

    @staticmethod
    def step(stack, state, x):
        h, c = state
        for l, cell in enumerate(stack):
            h[l], c[l] = cell(x, h[l], c[l])
            x = h[l]
        return x

    def encoder_decoder_logits(self, frames):
        patches = self.to_patches(frames)
        state = self.zero_state(patches)
        for t in range(patches.shape[1]):
            top = self.step(self.encoder, state, patches[:, t])
        summary = top
        if self.decoder_kind == "tutorial":
            state = self.zero_state(patches)
        outputs = []
        for t in range(self.frames_out):
            top = self.step(self.decoder, state, summary if self.decoder_kind == "tutorial" or t == 0 else top)
            outputs.append(top)
        return self.from_patches(self.head(torch.stack(outputs, 2)).transpose(1, 2)).contiguous()

    def next_frame_logits(self, frames):
        frame = frames[:, 0]
        patches = self.to_patches(frame)
        state = self.zero_state(patches)
        predicted = []
        for t in range(1, frames.shape[1] + self.frames_out):
            predicted.append(self.predict_next(self.step(self.encoder, state, patches), frame, patches))
            frame = frames[:, t] if t < frames.shape[1] else torch.sigmoid(predicted[-1])
            patches = self.to_patches(frame)
        return torch.stack(predicted, 1)

    def predict_next(self, top, frame, patches):
        if self.head_kind == "pixels":
            features = torch.cat([top, patches], 1) if self.skip else top
            return self.from_patches(self.head(features.unsqueeze(2)).squeeze(2))
        b, channels, height, width = frame.shape
        size = MOTION_KERNEL_SIZE
        taps = torch.softmax(self.motion_kernels(top.mean((2, 3))).view(b, MOTION_KERNELS, size * size), 2)
        kernels = taps.view(b, 1, MOTION_KERNELS, size, size).expand(b, channels, MOTION_KERNELS, size, size)
        moved = F.conv2d(frame.reshape(1, b * channels, height, width), kernels.reshape(-1, 1, size, size),
                         padding=size // 2, groups=b * channels).view(b, channels, MOTION_KERNELS, height, width)
        masks = torch.softmax(self.from_patches(self.motion_masks(top)), 1).unsqueeze(1)
        return torch.logit((moved * masks).sum(2).float(), 1e-6)


def fail(message):
    """One line and exit status 2, as the project's programs do for bad input."""
    print(f"benchmark_convlstm: {message}", file=sys.stderr)
    sys.exit(2)


def eager_model(args):
    return EncoderDecoder(args.hidden, args.kernel, args.layers, args.frames_out, args.decoder, args.patch, args.skip,
                          args.head)


def eager_sequences_per_second(args):
    device = torch.device(args.device)
    torch.manual_seed(0)
    model = eager_model(args).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.98))
    clips = torch.rand(args.batch, args.frames_in + args.frames_out, 1, args.size, args.size, device=device)

    def train_step():  # convlstm/training.cpp's train_step
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.precision == "bf16"):
            logits = model.logits(clips[:, : args.frames_in])
        logits = logits.float()
        truth = clips[:, clips.shape[1] - logits.shape[1]:]
        predicted = torch.sigmoid(logits)
        if args.loss == "bce":
            objective = F.binary_cross_entropy_with_logits(logits, truth)
        else:
            objective = F.mse_loss(predicted, truth)
        optimizer.zero_grad()
        objective.backward()
        optimizer.step()
        return F.mse_loss(predicted.detach()[:, -args.frames_out:], truth[:, -args.frames_out:])

    def wait():
        if device.type == "cuda":
            torch.cuda.synchronize()

    for _ in range(args.warmup):
        train_step()
    wait()
    start = time.perf_counter()
    for _ in range(args.steps):
        loss = train_step()
    wait()
    seconds = time.perf_counter() - start
    if not torch.isfinite(loss):
        fail("the eager model's loss is not finite")
    return args.steps * args.batch / seconds


def libtorch_sequences_per_second(args):
    command = [args.binary, "--json", "--update", "reference", "--device", args.device, "--precision", args.precision,
               "--threads", str(args.threads),
               "--batch", str(args.batch), "--hidden", str(args.hidden), "--kernel", str(args.kernel),
               "--layers", str(args.layers), "--patch", str(args.patch), "--decoder", args.decoder, "--head", args.head, "--loss", args.loss,
               *(["--skip"] if args.skip else []), "--frames-in", str(args.frames_in),
               "--frames-out", str(args.frames_out), "--size", str(args.size), "--warmup", str(args.warmup),
               "--steps", str(args.steps)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    except FileNotFoundError:
        fail(f"{args.binary} is missing: build it with `cmake --build build --target convlstm_benchmark`")
    except subprocess.CalledProcessError as failure:
        fail(f"{args.binary} failed: {failure.stderr.strip()}")
    report = json.loads(done.stdout)
    # Both sides must time the same thing: the same model, batch, steps and precision.
    parameters = sum(p.numel() for p in eager_model(args).parameters())
    ours = {"parameters": parameters, "batch": args.batch, "warmup": args.warmup, "steps": args.steps,
            "precision": args.precision, "device": args.device, "threads": args.threads}
    theirs = {key: report.get(key) for key in ours}
    if ours != theirs:
        fail(f"the two sides do not time the same thing: eager {ours}, {args.binary} {theirs}")
    return report["sequences_per_second"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--kernel", type=int, default=3)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--patch", type=int, default=1, help="space-to-depth block, as convlstm_train's --patch")
    parser.add_argument("--decoder", choices=["tutorial", "stateful", "next-frame"], default="tutorial")
    parser.add_argument("--skip", action="store_true", help="as convlstm_train's --skip")
    parser.add_argument("--head", choices=["pixels", "cdna"], default="pixels")
    parser.add_argument("--loss", choices=["mse", "bce"], default="mse")
    parser.add_argument("--frames-in", type=int, default=10)
    parser.add_argument("--frames-out", type=int, default=10)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--binary", default="build/convlstm/convlstm_benchmark")
    # As common/threads.h chooses them, for both sides.
    parser.add_argument("--threads", type=int,
                        default=int(os.environ.get("OMP_NUM_THREADS", 0)) or len(os.sched_getaffinity(0)),
                        help="CPU threads for both sides (default: OMP_NUM_THREADS, else every CPU this process may use)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.device.startswith("cuda"):
        torch.backends.cudnn.benchmark = True  # as convlstm_benchmark does

    eager, libtorch = [], []
    for _ in range(args.repeats):
        eager.append(eager_sequences_per_second(args))
        libtorch.append(libtorch_sequences_per_second(args))
    device_name = torch.cuda.get_device_name() if args.device.startswith("cuda") else f"cpu, {args.threads} thread{'s' if args.threads > 1 else ''}"
    stacks = args.layers if args.decoder == "next-frame" else f"{args.layers}+{args.layers}"
    print(f"ConvLSTM training throughput: {device_name}, torch {torch.__version__}, batch {args.batch}, "
          f"{args.precision}, nf {args.hidden}, {stacks} layers, patch {args.patch}, {args.decoder} decoder{' with skip' if args.skip else ''}, "
          f"{args.head} head, {args.loss}, "
          f"{args.frames_in}->{args.frames_out} frames of {args.size}x{args.size}")
    print(f"  eager PyTorch : {statistics.median(eager):9.2f} sequences/s  (runs: {', '.join(f'{v:.2f}' for v in eager)})")
    print(f"  this LibTorch : {statistics.median(libtorch):9.2f} sequences/s  (runs: {', '.join(f'{v:.2f}' for v in libtorch)})")
    print(f"  speed-up      : {statistics.median(libtorch) / statistics.median(eager):9.2f}x")


if __name__ == "__main__":
    main()
