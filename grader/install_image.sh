#!/usr/bin/env bash
# install_image.sh: makes this checkout a grading image, run once as root when the image is
# built (Gradescope's setup.sh, PrairieLearn's Dockerfile). It installs the Debian packages,
# builds the grading framework, puts the grader's own programs in bin/, creates the user
# student code runs as, and narrows what that user may read.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# No compiler cache: each submission is graded once, in a fresh container, by a user with no
# home folder for one.
cmake -S . -B build -G Ninja -DSTAFF_TARGETS=OFF -DUSE_CCACHE=OFF
cmake --build build --target grading_framework merge_results
# The grader's own programs, owned by root where student code cannot change them.
install -d -m 755 bin
install -m 755 build/grader/judge build/grader/merge_results bin/
# Student code is compiled and run as this user, which writes only the folders the judge gives
# it for one grading: build/ and everything root runs or writes stay root's.
id -u student_code > /dev/null 2>&1 ||
  useradd --system --no-create-home --shell /usr/sbin/nologin student_code
# Deny by default: of the course, that user may read only the public interface and the build
# (the bank's patches, for one, hold the reference's lines).
chmod -R go-rwx .
chmod go+x .
chmod -R go+rX layers build
