# Supervice: build, run, test, bench, install.
PREFIX ?= /usr/local
BIN := bin/supervice
SOURCES := $(shell find Program.cs Config Core Rpc -name '*.cs' -o -name '*.conf' -o -name '*.c' 2>/dev/null) Supervice.csproj rd.xml

.PHONY: all build run test soak bench bench-quick install clean

all: build

build: $(BIN)

$(BIN): $(SOURCES)
	dotnet publish Supervice.csproj -c Release -o bin/publish --nologo -v quiet
	cp --remove-destination bin/publish/supervice $(BIN)

# Start the daemon in the foreground on the embedded sample config.
run: $(BIN)
	@mkdir -p /tmp/supervice-run
	$(BIN) sample-config > /tmp/supervice-run/supervice.conf
	$(CURDIR)/$(BIN) daemon -n -c /tmp/supervice-run/supervice.conf

test: $(BIN)
	./Tests/run-tests.sh

soak: $(BIN)
	SUPERVICE_SOAK=1 ./Tests/run-tests.sh

bench: $(BIN)
	python3 Tests/Bench/bench.py

bench-quick: $(BIN)
	python3 Tests/Bench/bench.py --quick

install: $(BIN)
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/supervice
	sed 's|/usr/local/bin/supervice|$(PREFIX)/bin/supervice|' dist/supervice.service > supervice.service.tmp
	install -D -m 0644 supervice.service.tmp $(DESTDIR)$(PREFIX)/lib/systemd/system/supervice.service
	rm -f supervice.service.tmp

clean:
	rm -rf bin obj Tests/bin Tests/obj
