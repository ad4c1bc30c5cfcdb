# supplysim — the commands a user reaches for. `make help` lists them.
GO       ?= go
BIN      := bin/supplysim
BENCHOUT := results/out/bench.txt

.PHONY: help build run test check-format vet bench fuzz clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

build: ## build bin/supplysim
	$(GO) build -o $(BIN) ./cmd/supplysim

run: build ## run the built-in reference scenario and write results with plots
	./$(BIN) run

test: vet ## vet, then all tests: race-checked with -short, then full length without -race
	$(GO) test -race -short ./...
	$(GO) test -count=1 ./...

check-format: ## fail if any Go file is not gofmt-formatted
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet: check-format ## go vet
	$(GO) vet ./...

bench: ## benchmarks, 6 runs each, saved to results/out/bench.txt (compare runs with benchstat)
	@mkdir -p $(dir $(BENCHOUT))
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./... | tee $(BENCHOUT)

fuzz: ## fuzz the duration parser for 30 s
	$(GO) test -run '^$$' -fuzz FuzzParseDuration -fuzztime 30s ./sim

clean: ## remove built binaries and generated results
	rm -rf bin results/out
