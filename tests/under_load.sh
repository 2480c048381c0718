#!/usr/bin/env bash
# under_load.sh LOOPS_PER_CORE COMMAND...: runs COMMAND while LOOPS_PER_CORE busy loops per
# core keep the machine oversubscribed; ends the loops and exits with COMMAND's status.
set -u
loops=$(( $1 * $(nproc) ))
shift
busy=()
trap 'kill "${busy[@]}" 2>/dev/null' EXIT
for _ in $(seq "$loops"); do
  sh -c 'while :; do :; done' &
  busy+=($!)
done
"$@"
