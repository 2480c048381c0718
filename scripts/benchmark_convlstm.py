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


class EncoderDecoder(nn.Module):
    """convlstm/model.cpp's EncoderDecoder, layer for layer."""

    def __init__(self, hidden, kernel, layers, frames_out, decoder, patch):
        super().__init__()
        self.hidden, self.frames_out, self.decoder_kind, self.patch = hidden, frames_out, decoder, patch
        channels = patch * patch  # space-to-depth: p x p pixels become p*p channels
        self.encoder = nn.ModuleList(ConvLSTMCell(channels if l == 0 else hidden, hidden, kernel) for l in range(layers))
        self.decoder = nn.ModuleList(ConvLSTMCell(hidden, hidden, kernel)
                                     for _ in range(0 if decoder == "next-frame" else layers))
        self.head = nn.Conv3d(hidden, channels, (1, kernel, kernel), padding=(0, kernel // 2, kernel // 2))

    def logits(self, frames):  # [B, T_in, 1, H, W] -> [B, T, 1, H, W], T as in model.h
        if self.patch > 1:
            frames = F.pixel_unshuffle(frames, self.patch)
        predicted = self.head(self.features(frames)).transpose(1, 2)
        if self.patch > 1:
            predicted = F.pixel_shuffle(predicted, self.patch)
        return predicted.contiguous()

    def features(self, frames):
        b, frames_in, _, height, width = frames.shape
        zeros = frames.new_zeros(b, self.hidden, height, width)
        h, c = [zeros] * len(self.encoder), [zeros] * len(self.encoder)

        def step(stack, x):
            for l, cell in enumerate(stack):
                h[l], c[l] = cell(x, h[l], c[l])
                x = h[l]
            return x

        outputs = []
        if self.decoder_kind == "next-frame":
            x = frames[:, 0]
            for t in range(1, frames_in + self.frames_out):
                outputs.append(step(self.encoder, x))
                x = frames[:, t] if t < frames_in else torch.sigmoid(self.head(outputs[-1].unsqueeze(2)).squeeze(2))
            return torch.stack(outputs, 2)
        for t in range(frames_in):
            top = step(self.encoder, frames[:, t])
        summary = top
        if self.decoder_kind == "tutorial":
            h, c = [zeros] * len(h), [zeros] * len(c)
        for t in range(self.frames_out):
            top = step(self.decoder, summary if self.decoder_kind == "tutorial" or t == 0 else top)
            outputs.append(top)
        return torch.stack(outputs, 2)


def fail(message):
    """One line and exit status 2, as the project's programs do for bad input."""
    print(f"benchmark_convlstm: {message}", file=sys.stderr)
    sys.exit(2)


def eager_model(args):
    return EncoderDecoder(args.hidden, args.kernel, args.layers, args.frames_out, args.decoder, args.patch)


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
               "--batch", str(args.batch), "--hidden", str(args.hidden), "--kernel", str(args.kernel),
               "--layers", str(args.layers), "--patch", str(args.patch), "--decoder", args.decoder, "--loss", args.loss, "--frames-in", str(args.frames_in),
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
            "precision": args.precision, "device": args.device}
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
    parser.add_argument("--loss", choices=["mse", "bce"], default="mse")
    parser.add_argument("--frames-in", type=int, default=10)
    parser.add_argument("--frames-out", type=int, default=10)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--binary", default="build/convlstm/convlstm_benchmark")
    args = parser.parse_args()
    if args.device.startswith("cuda"):
        torch.backends.cudnn.benchmark = True  # as convlstm_benchmark does

    eager, libtorch = [], []
    for _ in range(args.repeats):
        eager.append(eager_sequences_per_second(args))
        libtorch.append(libtorch_sequences_per_second(args))
    device_name = torch.cuda.get_device_name() if args.device.startswith("cuda") else f"cpu, {torch.get_num_threads()} threads"
    stacks = args.layers if args.decoder == "next-frame" else f"{args.layers}+{args.layers}"
    print(f"ConvLSTM training throughput: {device_name}, torch {torch.__version__}, batch {args.batch}, "
          f"{args.precision}, nf {args.hidden}, {stacks} layers, patch {args.patch}, {args.decoder} decoder, {args.loss}, "
          f"{args.frames_in}->{args.frames_out} frames of {args.size}x{args.size}")
    print(f"  eager PyTorch : {statistics.median(eager):9.2f} sequences/s  (runs: {', '.join(f'{v:.2f}' for v in eager)})")
    print(f"  this LibTorch : {statistics.median(libtorch):9.2f} sequences/s  (runs: {', '.join(f'{v:.2f}' for v in libtorch)})")
    print(f"  speed-up      : {statistics.median(libtorch) / statistics.median(eager):9.2f}x")


if __name__ == "__main__":
    main()
