# A thin front for CMake. Students: `make test` (and `make extra` for the bonus).
# Course staff: `make fixtures`, `make check`. See README.md. HINT_LEVEL=mistake|nudge|numbers sets
# what hints say in make test, grade-all, gradescope and handout (docs/instructor.md, "Hints").
# TORCH=pip builds against LibTorch 2.x with CUDA from PyPI's torch wheel (scripts/torch-pip.txt),
# installed by `make deps TORCH=pip` into TORCH_VENV, in a build folder of its own.
TORCH ?= debian
TORCH_VENV ?= .venv-torch
TENSORBOARD_VENV := .venv-tensorboard
ifeq ($(TORCH),pip)
BUILD ?= build-pip
override CMAKE_FLAGS += -DTORCH_PYTHON=$(abspath $(TORCH_VENV))/bin/python -DREQUIRE_CUDA=ON
else ifneq ($(TORCH),debian)
$(error TORCH must be debian (Debian's libtorch-dev, the default) or pip (PyPI's CUDA wheel), not '$(TORCH)')
endif
BUILD ?= build
SUBMISSION ?= student
GENERATOR := $(if $(shell command -v ninja),Ninja,Unix Makefiles)
JOBS := $(shell nproc)
# The student handout has no reference/: staff targets say so instead of failing obscurely.
STAFF_ONLY = @test -d reference || { echo "make $@ is for course staff; this copy has no reference/" >&2; exit 2; }
# The committed fixtures are written by Debian's LibTorch (tests/CMakeLists.txt says which).
DEBIAN_TORCH_ONLY = $(if $(filter pip,$(TORCH)),@echo "make $@ writes the committed fixtures with Debian's LibTorch: run it without TORCH=pip" >&2; exit 2)

.PHONY: deps test extra videos lab fixtures check grade-all similarity gradescope prairielearn handout clean

deps:
	@scripts/install-deps.sh scripts/debian-packages.txt $(wildcard scripts/debian-packages-staff.txt)
	@scripts/install-pinned.sh $(TENSORBOARD_VENV) scripts/tensorboard-pip.txt
ifeq ($(TORCH),pip)
	@scripts/install-pinned.sh $(TORCH_VENV) scripts/torch-pip.txt
endif

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -G "$(GENERATOR)" $(CMAKE_FLAGS)

test: $(BUILD)/CMakeCache.txt
	@BUILD_DIR=$(BUILD) grader/grade.sh main $(SUBMISSION)

extra: $(BUILD)/CMakeCache.txt
	@BUILD_DIR=$(BUILD) grader/grade.sh extra $(SUBMISSION)

ifeq ($(origin LAYERS),command line)
$(error LAYERS= is gone: make videos LSTM=libtorch (LibTorch's own modules), make lab UPDATE=reference (the course's update))
endif

# MoCoGAN videos with your LSTM as the motion network (LSTM=libtorch: one of LibTorch's modules).
LSTM ?= student
videos: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) --target mocogan_generate
	$(BUILD)/mocogan/mocogan_generate --lstm $(LSTM) --out $(BUILD)/videos

# The ConvLSTM lab on your lstm_state_update: the lab preset's 12 minutes of CPU training, then
# its test scores (UPDATE=reference: on the course's update). LAB_FLAGS adds to or overrides
# the training flags (see docs/convlstm.md).
UPDATE ?= student
LAB_FLAGS ?=
lab: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) --target convlstm_train convlstm_eval
	$(BUILD)/convlstm/convlstm_train --update $(UPDATE) --out $(BUILD)/lab $(LAB_FLAGS)
	$(BUILD)/convlstm/convlstm_eval --update $(UPDATE) --weights $(BUILD)/lab/model.safetensors --out $(BUILD)/lab/eval

fixtures: $(BUILD)/CMakeCache.txt
	$(STAFF_ONLY)
	$(DEBIAN_TORCH_ONLY)
	cmake --build $(BUILD) --target make_fixtures
	$(BUILD)/reference/make_fixtures --set visible --out solutions_visible.json
	$(BUILD)/reference/make_fixtures --set hidden --out tests/hidden/solutions_hidden.json
	cmake --build $(BUILD) --target hints_visible hints_hidden

grade-all: $(BUILD)/CMakeCache.txt
	$(STAFF_ONLY)
	@BUILD_DIR=$(BUILD) grader/grade_all.sh "$(SUBMISSIONS)" $(GRADES)

# Pairs of submissions ranked by the code they share beyond the stubs (docs/instructor.md,
# "Similarity"); SIMILARITY_FLAGS passes flags on (--kgram, --window, --max-share, --pages).
similarity: $(BUILD)/CMakeCache.txt
	$(STAFF_ONLY)
	@BUILD_DIR=$(BUILD) grader/similarity.sh "$(SUBMISSIONS)" $(BUILD)/similarity

gradescope:
	$(STAFF_ONLY)
	@gradescope/package.sh $(BUILD)/gradescope/autograder.zip

prairielearn:
	$(STAFF_ONLY)
	@prairielearn/package.sh $(BUILD)/prairielearn

handout:
	$(STAFF_ONLY)
	@scripts/package-handout.sh $(BUILD)/handout/recurrent-video.zip

# AREA=name runs one area's tests (their ctest labels: grading, bank, hostile, fixtures,
# configure, gpu, staff, common, mocogan, convlstm).
check: $(BUILD)/CMakeCache.txt
	$(STAFF_ONLY)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure $(if $(AREA),-L '^$(AREA)$$')

clean:
	rm -rf $(BUILD)
