# csconsole - GNU Makefile.  `make help` lists the targets.
# Quiet unless V=1; -Werror when CI is set (CI=true in the CI runner).

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/csconsole
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=

VERSION := 0.1.0
BUILD   ?= build
PKG_CONFIG ?= pkg-config
PKGS    := ncursesw sqlite3 yaml-0.1 nettle zlib json-c

CC      ?= cc
OPTFLAGS ?= -O2 -g
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wundef
ifneq ($(CI),)
WARN    += -Werror
endif
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# libcsv and libunistring (NFKC and case folding for search, textnorm.c) ship
# no pkg-config file on Debian: named directly.
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lcsv -lunistring -lm
CPPFLAGS += -Iinclude -D_GNU_SOURCE -DCSCONSOLE_VERSION='"$(VERSION)"' \
            -DCSCONSOLE_DATADIR='"$(DATADIR)"'
CFLAGS  ?=
ALL_CFLAGS = -std=c11 -pthread $(OPTFLAGS) $(WARN) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Objects depend on a stamp holding the compile flags, so a change of flags
# (PREFIX, which is compiled in, or CFLAGS) rebuilds what it must.
FLAGS_STAMP := $(BUILD)/.flags
FLAGS_NOW := $(CC) $(CPPFLAGS) $(ALL_CFLAGS)
ifneq ($(FLAGS_NOW),$(file <$(FLAGS_STAMP)))
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS_STAMP),$(FLAGS_NOW))
endif

CORE_SRC := $(sort $(wildcard src/core/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TUI_SRC  := $(sort $(wildcard src/tui/*.c))
LIB_SRC  := $(CORE_SRC) $(CLI_SRC) $(TUI_SRC)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
LIB      := $(BUILD)/libcsconsole.a
BIN      := $(BUILD)/csconsole

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(sort $(wildcard tools/*.c))
TOOL_BIN := $(TOOL_SRC:tools/%.c=$(BUILD)/tools/%)

DEMO_DIR ?= $(BUILD)/demo

.PHONY: all run check asan bench install uninstall clean deps help unit tools fuzz fuzz-build
.DEFAULT_GOAL := all
.SECONDARY:

all: $(BIN) $(TOOL_BIN)

help:
	@echo "make          build $(BIN)"
	@echo "make run      install missing packages, build, open the console on the sample book"
	@echo "make check    build and run every test (unit, CLI, TUI); ends with 'N passed, N failed'"
	@echo "make asan     the same tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	@echo "make bench    generate medium and large books; print sync and console timings"
	@echo "make fuzz     build the libFuzzer harnesses (clang) and run each FUZZ_SECONDS=$(FUZZ_SECONDS) s"
	@echo "make fuzz-build  only build them, into $(FUZZ_BUILD)/ (make check runs them briefly)"
	@echo "make install  install to \$$(DESTDIR)\$$(PREFIX) (PREFIX=$(PREFIX))"
	@echo "make clean    remove $(BUILD)/"

# The dependency step: installs missing Debian packages when root, else prints the command.
deps:
	$(Q)sh tools/deps.sh

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

$(BUILD)/tools/%: $(BUILD)/tools/%.o $(LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

unit: $(UNIT_BIN)

# make run: never touches tracked files; the sample book is copied (dates shifted
# so that it looks current) into $(DEMO_DIR) and opened from there.
run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh tools/demo.sh $(BIN) $(BUILD)/tools/sample-shift $(DEMO_DIR)

check: deps
	$(Q)$(MAKE) --no-print-directory all unit
	$(Q)sh tests/run.sh $(BUILD)

# Sanitizer build in its own tree so it never mixes with the normal objects.
asan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan \
	  OPTFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" all unit
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  sh tests/run.sh build/asan

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh tools/bench.sh $(BUILD)

# ---- Fuzzing (docs/testing.md, "Fuzzing"): libFuzzer harnesses tests/fuzz/fuzz_NAME.c
# over the core objects, compiled again with clang and the sanitizers into
# $(FUZZ_BUILD) (its own tree, like asan). Seed corpora: tests/fuzz/corpus/NAME/;
# what a run finds beyond them goes to $(FUZZ_BUILD)/corpus/NAME/ (never into
# the tracked seeds), crashes to $(FUZZ_BUILD)/crash/.
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build/fuzz
FUZZ_SECONDS ?= 5
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=c11 -pthread -O1 -g $(FUZZ_SAN) $(WARN) $(PKG_CFLAGS) -MMD -MP
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_CORE_OBJ := $(CORE_SRC:%.c=$(FUZZ_BUILD)/%.o)
# its own flags stamp, as for the normal objects (written only when a fuzz
# target is asked for, so a plain make leaves no build/fuzz/)
FUZZ_STAMP := $(FUZZ_BUILD)/.flags
FUZZ_FLAGS_NOW := $(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS)
ifneq ($(filter fuzz fuzz-build $(FUZZ_BUILD)/%,$(MAKECMDGOALS)),)
ifneq ($(FUZZ_FLAGS_NOW),$(file <$(FUZZ_STAMP)))
$(shell mkdir -p $(FUZZ_BUILD))
$(file >$(FUZZ_STAMP),$(FUZZ_FLAGS_NOW))
endif
endif

$(FUZZ_BUILD)/src/%.o: src/%.c $(FUZZ_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/tests/fuzz/%.o: tests/fuzz/%.c $(FUZZ_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libcore.a: $(FUZZ_CORE_OBJ)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_BUILD)/libcore.a
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)
	@:

# Each harness runs FUZZ_SECONDS on one core, starting from its seeds and what
# earlier runs found; stops at the first crash (kept in $(FUZZ_BUILD)/crash/).
fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/csconsole
	install -m 644 docs/csconsole.1 $(DESTDIR)$(MANDIR)/man1/csconsole.1
	install -m 644 csconsole.yaml $(DESTDIR)$(DATADIR)/csconsole.yaml
	install -m 644 themes/*.yaml $(DESTDIR)$(DATADIR)/themes/

# Removes only what install put there: themes a user added stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/csconsole $(DESTDIR)$(MANDIR)/man1/csconsole.1
	rm -f $(DESTDIR)$(DATADIR)/csconsole.yaml $(addprefix $(DESTDIR)$(DATADIR)/,$(wildcard themes/*.yaml))
	-rmdir $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf $(BUILD) build

-include $(FUZZ_CORE_OBJ:.o=.d) $(FUZZ_SRC:%.c=$(FUZZ_BUILD)/%.d)
-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_SRC:%.c=$(BUILD)/%.d) $(TOOL_SRC:%.c=$(BUILD)/%.d)
