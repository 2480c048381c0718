# A thin front for CMake. Students: `make test` (and `make extra` for the bonus).
# Course staff: `make fixtures`, `make check`. See README.md.
BUILD ?= build
SUBMISSION ?= student
GENERATOR := $(if $(shell command -v ninja),Ninja,Unix Makefiles)
JOBS := $(shell nproc)

.PHONY: deps test extra fixtures check clean

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -G "$(GENERATOR)" $(CMAKE_FLAGS)

test: $(BUILD)/CMakeCache.txt
	@BUILD_DIR=$(BUILD) grader/grade.sh main $(SUBMISSION)

extra: $(BUILD)/CMakeCache.txt
	@BUILD_DIR=$(BUILD) grader/grade.sh extra $(SUBMISSION)

fixtures: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) --target make_fixtures
	$(BUILD)/reference/make_fixtures --set visible --out solutions_visible.json
	$(BUILD)/reference/make_fixtures --set hidden --out tests/hidden/solutions_hidden.json

check: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

clean:
	rm -rf $(BUILD)
