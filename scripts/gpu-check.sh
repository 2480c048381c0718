#!/usr/bin/env bash
# gpu-check.sh: everything a GPU machine checks, in one command and one report.
#
#   scripts/gpu-check.sh pack [DEPS]   here, where Debian's packages are installed: copy the small
#                                      libraries the build needs into DEPS (default .deps), laid
#                                      out as an install prefix, to carry to the GPU machine
#   scripts/gpu-check.sh run [DEPS]    on the GPU machine (its python3 has torch with CUDA; it has
#                                      cmake and ninja but no Debian packages): configure against
#                                      that torch's LibTorch, build, run `make check` with the
#                                      CUDA tests live, the video programs on CUDA, and the
#                                      ConvLSTM benchmark in fp32 and bf16; write one report
#
# Environment: PYTHON (default python3), BUILD (default build-gpu), OUT (the report's folder,
# default BUILD/gpu-check). `run` goes through every step even when one fails, so one call
# gives the whole picture; it exits 1 when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
deps=$(realpath -m "${2:-.deps}")
python=${PYTHON:-python3}

# The libraries of scripts/debian-packages.txt that a GPU machine lacks; its compiler, CMake and
# LibTorch are its own. opencv-doc brings the MNIST digits the ConvLSTM lab moves.
carried_packages=(nlohmann-json3-dev catch2 libcli11-dev libstb-dev libgif-dev libgif7 opencv-doc libseccomp-dev libseccomp2)
digits_in_deps=share/digits.png

pack() {
  rm -rf "$deps" && mkdir -p "$deps"
  for package in "${carried_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      { echo "gpu-check: $package is not installed here: run make deps first" >&2; exit 2; }
    dpkg -L "$package" | while read -r file; do
      case "$file" in /usr/include/*|/usr/lib/*|/usr/share/cmake/*) ;; *) continue ;; esac
      [ -f "$file" ] || [ -L "$file" ] || continue
      relative=${file#/usr/}
      relative=${relative/lib\/x86_64-linux-gnu\//lib/}
      mkdir -p "$deps/$(dirname "$relative")"
      cp -a "$file" "$deps/$relative"
    done
  done
  # Boost is large: only the headers Boost.CRC needs travel (common/event_file.cpp).
  printf '#include <boost/crc.hpp>\n#include <boost/version.hpp>\n' | g++ -M -x c++ - | tr ' \\' '\n\n' |
    grep '^/usr/include/boost/' | sort -u | while read -r header; do
      mkdir -p "$deps/$(dirname "${header#/usr/}")" && cp "$header" "$deps/${header#/usr/}"
    done
  cp /usr/share/doc/opencv-doc/examples/data/digits.png "$deps/$digits_in_deps"
  echo "gpu-check: packed $(du -sh "$deps" | cut -f1) into $deps; carry it to the GPU machine"
}

run() {
  local build=${BUILD:-build-gpu}
  local out=${OUT:-$build/gpu-check}
  local report=$out/report.md
  local failed=0
  [ -d "$deps/include" ] ||
    { echo "gpu-check: no dependency prefix at $deps: run 'scripts/gpu-check.sh pack' where Debian's packages are, and carry it" >&2; exit 2; }
  local gpu
  gpu=$("$python" -c 'import torch; assert torch.cuda.is_available(); print(torch.cuda.get_device_name(), "| torch", torch.__version__, "| CUDA", torch.version.cuda)' 2>/dev/null) ||
    { echo "gpu-check: $python's torch sees no CUDA GPU: run this on the GPU machine (or set PYTHON)" >&2; exit 2; }
  mkdir -p "$out"
  {
    echo "# GPU check, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- device: $gpu"
    echo "- CPU cores: $(nproc); commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo
  } > "$report"

  # step NAME COMMAND...: runs COMMAND, its output into OUT/NAME.log, a line in the report.
  step() {
    local name=$1; shift
    local start=$SECONDS
    echo "gpu-check: $name ..."
    if "$@" > "$out/$name.log" 2>&1; then
      echo "- $name: ok, $((SECONDS - start)) s" >> "$report"
    else
      echo "- $name: FAILED, $((SECONDS - start)) s (see $name.log)" >> "$report"
      tail -n 30 "$out/$name.log"
      failed=1
    fi
  }
  local jobs
  jobs=$(nproc)
  step configure cmake -S . -B "$build" -G Ninja -DTORCH_PYTHON="$python" -DREQUIRE_CUDA=ON -DCUDA_TESTS=live \
    -DCMAKE_PREFIX_PATH="$deps" -DUSE_CCACHE=OFF
  step build cmake --build "$build" -j "$jobs"
  step make-check ctest --test-dir "$build" -j "$jobs" --output-on-failure
  local digits=--digits=$deps/$digits_in_deps
  step mocogan-generate-cuda "$build/mocogan/mocogan_generate" --device cuda --lstm libtorch --videos 16 \
    --out "$out/videos"
  step convlstm-train-cuda "$build/convlstm/convlstm_train" --device cuda --update reference "$digits" --hidden 16 \
    --batch 16 --epoch-sequences 512 --out "$out/lab"
  step convlstm-eval-cuda "$build/convlstm/convlstm_eval" --device cuda --update reference "$digits" \
    --weights "$out/lab/model.safetensors" --out "$out/lab/eval"
  for precision in fp32 bf16; do
    step "benchmark-$precision" "$python" scripts/benchmark_convlstm.py --device cuda --batch 16 --hidden 64 \
      --precision "$precision" --binary "$build/convlstm/convlstm_benchmark"
  done
  {
    echo
    echo "## make check"
    echo
    grep -E "tests passed|tests failed|The following tests FAILED|^\s+[0-9]+ - " "$out/make-check.log" || echo "(no summary)"
    for precision in fp32 bf16; do
      echo
      echo "## ConvLSTM training throughput, $precision"
      echo
      cat "$out/benchmark-$precision.log"
    done
  } >> "$report"
  echo "gpu-check: report in $report"
  cat "$report"
  return $failed
}

case "$mode" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: gpu-check.sh pack|run [DEPS]" >&2; exit 2 ;;
esac
