#!/usr/bin/env bash
# Gradescope runs this once, as root, in /autograder/source (the zip's root, this repository's
# root) to build the autograder image.
set -euo pipefail
exec "$(dirname "$0")/grader/install_image.sh"
