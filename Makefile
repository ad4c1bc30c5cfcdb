# supplysim — the commands a user reaches for. `make help` lists them.
GO       ?= go
BIN      := bin/supplysim
BENCHOUT := results/out/bench.txt

# go build optimises bin/supplysim with the CPU profile in
# cmd/supplysim/default.pgo (profile-guided optimisation: it inlines and lays
# out the hot calls the profile names; results are the same bit for bit).
# Benchmarks are built with the same profile, so that they measure the code
# the binary runs. The profile comes from the workloads the benchmarks time:
# a batch of the reference scenario on 2 workers and a generated 3,000-node
# network under both regimes, each profiled without PGO. Regenerate it after
# the model's hot code has changed.
PGO      := $(CURDIR)/cmd/supplysim/default.pgo
PGOTMP   := $(CURDIR)/results/out/pgo

.PHONY: help build run test test-race test-slurm check-format check-fma vet bench pgo fuzz clean baseline notebooks

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

build: ## build bin/supplysim
	$(GO) build -o $(BIN) ./cmd/supplysim

run: build ## run 1,000 replications of the reference scenario (eu-auto) under silo, platform-alerts and platform; write results/out/… and summarise
	./$(BIN) run

# The everyday suite: every test at full length, then the race detector on
# the code that runs concurrently (the kernel, the model's calibration, the
# results readers and writers, and a batch on 1 and 2 workers, interrupted,
# and raced by a second writer). make test-race runs every test under the
# race detector; CI runs both.
RACE_CMD = ^(TestBatch_FilesIdenticalForAnyWorkers|TestBatch_InterruptKeepsFinishedRuns|TestFolder_OneWriterAtATime)$$

test: vet check-fma ## every test at full length, and the race detector on the concurrent code (about 5 minutes on 2 cores)
	$(GO) test -count=1 -timeout 20m ./...
	$(GO) test -race -short -count=1 -timeout 20m ./sim/... ./models ./results
	$(GO) test -race -short -count=1 -timeout 20m -run '$(RACE_CMD)' ./cmd/supplysim

test-race: ## every test under the race detector, with -short (about 25 minutes on 2 cores, most of it the command's tests)
	$(GO) test -race -short -count=1 -timeout 45m ./...

test-slurm: ## the cluster test against a real single-node Slurm (needs Debian's slurm-wlm and munge, and root or sudo)
	.ci/slurm-up
	SUPPLYSIM_REQUIRE_SLURM=1 $(GO) test -count=1 -run '^TestSlurm' -v ./cmd/supplysim; status=$$?; .ci/slurm-down; exit $$status

check-format: ## fail if any Go file is not gofmt-formatted
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# Go may fuse x*y + z into one FMA instruction on arm64 (not on amd64), which
# rounds differently and would break bit-identical results across machines.
# An explicit float64(x*y) conversion forbids the fusion; this target fails
# if any fused instruction from our sources appears in the model's arm64
# code, built as the tests build it and as the binary is (with its profile,
# which inlines more and so can bring a product and a sum together). Code
# inlined from Go's own math and math/rand/v2 (Lgamma, NormFloat64's tails)
# is fused on arm64 whether or not it is inlined, and is not ours to change.
check-fma: ## fail if the arm64 build of sim, models, scenarios or results fuses multiply-adds of ours
	@out=$$(for pgo in off $(PGO); do GOARCH=arm64 $(GO) build -pgo=$$pgo -gcflags='-S' ./sim/... ./models ./scenarios ./results 2>&1; done | \
		grep -E 'F(N?)M(ADD|SUB)D' | grep -F '($(CURDIR)/' || true); \
	if [ -n "$$out" ]; then echo "fused multiply-add in arm64 code; wrap the product in float64(...):"; echo "$$out"; exit 1; fi

# The scenarios whose results CI guards (results/baselines/*.json, checked
# by TestBaselines in make test); 300 replications each.
BASELINES := eu-auto covid-lockdown chip-crisis trade-war cloud-cutoff cloud-cutoff-sovereign

baseline: build ## regenerate results/baselines/ (after a change meant to change results; raise toolVersion first)
	@mkdir -p results/baselines
	@for s in $(BASELINES); do \
		./$(BIN) run $$s --runs 300 --quiet --force --out results/out/baseline-$$s > /dev/null && \
		./$(BIN) baseline results/out/baseline-$$s results/baselines/$$s.json || exit 1; \
	done

# The notebooks read results folders; these small batches are what they read
# by default. Debian's python3-pandas, python3-matplotlib, python3-ipykernel
# and jupyter-nbconvert run them (the system Python, not a pyenv one).
NOTEBOOK_RUNS := 200

notebooks: build ## run small batches and execute notebooks/ end to end into results/out/notebooks/
	./$(BIN) run eu-auto --runs $(NOTEBOOK_RUNS) --quiet --force --out results/out/notebook-eu-auto > /dev/null
	./$(BIN) run cloud-cutoff --runs $(NOTEBOOK_RUNS) --quiet --force --out results/out/notebook-cloud-cutoff > /dev/null
	./$(BIN) run cloud-cutoff-sovereign --runs $(NOTEBOOK_RUNS) --quiet --force --out results/out/notebook-cloud-cutoff-sovereign > /dev/null
	./$(BIN) sweep frontier --quiet --force --out results/out/notebook-sweep-frontier > /dev/null
	@mkdir -p results/out/notebooks
	PATH=/usr/bin:$$PATH SUPPLYSIM_ROOT=$(CURDIR) PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/jupyter nbconvert --to notebook --execute \
		--ExecutePreprocessor.timeout=600 --output-dir results/out/notebooks notebooks/*.ipynb
	/usr/bin/python3 notebooks/check_figures.py results/out/notebooks/*.ipynb

vet: check-format ## go vet
	$(GO) vet ./...

bench: ## benchmarks, 6 runs each, built with the binary's profile (PGO), saved to results/out/bench.txt (compare runs with benchstat)
	@mkdir -p $(dir $(BENCHOUT))
	$(GO) test -pgo=$(PGO) -run '^$$' -bench . -benchmem -count 6 ./... | tee $(BENCHOUT)

pgo: ## regenerate cmd/supplysim/default.pgo, the CPU profile that go build optimises the binary with (under a minute)
	@mkdir -p $(PGOTMP)
	$(GO) test -pgo=off -run '^$$' -bench 'Batch/eu-auto/workers=2$$' -benchtime 2x -cpuprofile $(PGOTMP)/batch.prof ./cmd/supplysim
	$(GO) test -pgo=off -run '^$$' -bench 'Replication/nodes=3000$$/' -benchtime 2x -cpuprofile $(PGOTMP)/nodes.prof ./scenarios
	$(GO) tool pprof -proto $(PGOTMP)/batch.prof $(PGOTMP)/nodes.prof > $(PGO)

# Every parser: durations, scenarios (whatever Build accepts must run), the
# results readers, and the --shard and --regimes flags.
FUZZ = sim:FuzzParseDuration scenarios:FuzzParse results:FuzzRunsRow results:FuzzShocksRow \
	results:FuzzDailyState results:FuzzBaseline results:FuzzManifest cmd/supplysim:FuzzShardFlag cmd/supplysim:FuzzRegimesFlag
# FUZZTIME is a count of executions (Nx) by default: Go 1.26's fuzzing
# coordinator can fail a target with a bare "context deadline exceeded" when a
# time budget (30s) runs out while a worker is mid-call, having found nothing
# (go.dev/issue/75804, fixed in Go 1.27). A count has no deadline to race.
# A time budget still works (make fuzz FUZZTIME=5m) for long local sessions.
FUZZTIME ?= 100000x

fuzz: ## fuzz every parser, FUZZTIME each (default 100000 executions)
	@for t in $(FUZZ); do \
		echo "fuzz $$t ($(FUZZTIME))"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) ./$${t%%:*} 2>&1) || { echo "$$out" | tail -40; exit 1; }; \
	done

clean: ## remove built binaries and generated results
	rm -rf bin results/out
