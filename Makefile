# attendd — plain Makefile.  `make`, `make check`, `make install PREFIX=/usr DESTDIR=...`.
# `make SAN=1` builds into build/san with AddressSanitizer + UBSan; `make check` runs the unit
# tests in both builds and the integration tests against the sanitizer build.
PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share/attendd
SYSCONFDIR ?= /etc
UNITDIR    ?= /lib/systemd/system
LOCALEDIR  ?= $(PREFIX)/share/locale
MANDIR     ?= $(PREFIX)/share/man
CC         ?= cc

ifeq ($(SAN),1)
BUILD      ?= build/san
SANFLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPTFLAGS   := -O1 -g
else
BUILD      ?= build/rel
SANFLAGS   :=
OPTFLAGS   := -O2 -g -D_FORTIFY_SOURCE=2
endif

PKGS       := libnfc libmosquitto libpq inih json-c libsystemd uuid zlib libgpiod xlsxwriter pangocairo
# libcsv (CSV import/export of the HR tools) ships no pkg-config file.
CSV_LIBS   := -lcsv
# GLib: Unicode normalisation and case folding of CSV headings, UTF-8 checks (ctl/hr_csv.c).
PKGS       += glib-2.0
# libcrypto: the start-up check reads certificates and keys (lib/tls_check.c).
PKGS       += libcrypto
# libmicrohttpd: attend-web's HTTP server (web/http.c).
PKGS       += libmicrohttpd
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) cmocka)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS)) $(CSV_LIBS)
CMOCKA_LIBS:= $(shell $(PKG_CONFIG) --libs cmocka)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wpointer-arith -Wcast-qual -Wwrite-strings -Wvla -Wundef \
        -Wold-style-definition -Wimplicit-fallthrough
CFLAGS  ?= $(OPTFLAGS)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread -fstack-protector-strong $(WARN) $(SANFLAGS) \
             -I. $(PKG_CFLAGS) -DDATADIR='"$(DATADIR)"' -DLOCALEDIR='"$(LOCALEDIR)"' $(CFLAGS) -MMD -MP
ALL_LDFLAGS = -pthread $(SANFLAGS) $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Folders, each an archive; who may use whom is docs/architecture.md's table, checked by
# tests/check_layout.sh.  lib/ (shared by the programs) and rules/ (the engine: no I/O, no
# libraries) depend on nothing of ours; a program's main file is outside its archive.
LIB_SRC      := $(sort $(wildcard lib/*.c))
RULES_SRC    := $(sort $(wildcard rules/*.c))
READERS_SRC  := $(sort $(wildcard readers/*.c))
EVAL_SRC     := $(sort $(wildcard evaluator/*.c))
EDGE_SRC     := $(sort $(filter-out edge/attendd.c,$(wildcard edge/*.c)))
RECORDER_SRC := $(sort $(filter-out recorder/recorder.c,$(wildcard recorder/*.c)))
DOC_SRC      := $(sort $(wildcard doc/*.c))
CTL_SRC      := $(sort $(filter-out ctl/attendctl.c,$(wildcard ctl/*.c)))
WEB_SRC      := $(sort $(filter-out web/attend-web.c,$(wildcard web/*.c)))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIBATTEND := $(BUILD)/libattend.a
LIBRULES  := $(BUILD)/librules.a
LIBREADERS:= $(BUILD)/libreaders.a
LIBEVAL   := $(BUILD)/libevaluator.a
LIBEDGE   := $(BUILD)/libedge.a
LIBREC    := $(BUILD)/librecorder.a
LIBDOC    := $(BUILD)/libdoc.a
LIBCTL    := $(BUILD)/libctl.a
LIBWEB    := $(BUILD)/libweb.a

PROGS := $(BUILD)/attendd $(BUILD)/attend-recorder $(BUILD)/attendctl
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))
BENCH_PROGS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(sort $(wildcard tests/bench/*.c)))
# Programs an integration test runs to ask the C code what it answers, to compare with SQL's
# answer (tests/integration/test_sql_c_agree.sh).
TOOL_PROGS := $(BUILD)/tools/rules_probe

# Message catalogs of attendctl's HR tools (English msgids, po/<lang>.po), built next to the
# program so the build tree finds them (ctl/hr_i18n.c) and installed under LOCALEDIR.
PO_LANGS := $(patsubst po/%.po,%,$(wildcard po/*.po))
MO_FILES := $(patsubst %,$(BUILD)/locale/%/LC_MESSAGES/attendctl.mo,$(PO_LANGS))
$(BUILD)/locale/%/LC_MESSAGES/attendctl.mo: po/%.po
	@mkdir -p $(dir $@)
	$(Q)msgfmt --check -o $@ $<

all: $(PROGS) $(BENCH_PROGS) $(TOOL_PROGS) $(MO_FILES)

# Paths compiled into the programs (DATADIR, LOCALEDIR) are recorded in a stamp that changes
# only when they do, and the objects that use them depend on it: `make install PREFIX=/usr`
# after a plain `make` rebuilds those objects instead of installing programs that look in
# /usr/local (issue 15).
PATHS_STAMP := $(BUILD)/paths.stamp
PATHS_NOW   := DATADIR=$(DATADIR) LOCALEDIR=$(LOCALEDIR)
$(shell mkdir -p $(BUILD) && [ "$$(cat $(PATHS_STAMP) 2>/dev/null)" = "$(PATHS_NOW)" ] || \
  echo "$(PATHS_NOW)" > $(PATHS_STAMP))
PATH_USERS  := $(shell grep -l -E '\<(DATADIR|LOCALEDIR)\>' lib/*.c doc/*.c ctl/*.c edge/*.c recorder/*.c evaluator/*.c web/*.c)
$(call obj,$(PATH_USERS)): $(PATHS_STAMP)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBATTEND): $(call obj,$(LIB_SRC))
$(LIBRULES):  $(call obj,$(RULES_SRC))
$(LIBREADERS):$(call obj,$(READERS_SRC))
$(LIBEVAL):   $(call obj,$(EVAL_SRC))
$(LIBEDGE):   $(call obj,$(EDGE_SRC))
$(LIBREC):    $(call obj,$(RECORDER_SRC))
$(LIBDOC):    $(call obj,$(DOC_SRC))
$(LIBCTL):    $(call obj,$(CTL_SRC))
$(LIBWEB):    $(call obj,$(WEB_SRC))
$(BUILD)/%.a:
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && ar rcs $@ $^

# In dependency order, so one pass of the linker resolves everything.
LIBS_ALL = $(LIBWEB) $(LIBCTL) $(LIBDOC) $(LIBEDGE) $(LIBREC) $(LIBEVAL) $(LIBREADERS) $(LIBRULES) $(LIBATTEND)

$(BUILD)/attendd: $(BUILD)/edge/attendd.o $(LIBEDGE) $(LIBREADERS) $(LIBATTEND)
$(BUILD)/attend-recorder: $(BUILD)/recorder/recorder.o $(LIBREC) $(LIBEVAL) $(LIBRULES) $(LIBATTEND)
# attendctl links its own objects directly (not from libctl.a) so that command groups found
# only through weak references (ctl/ctl.h) are linked in.
$(BUILD)/attendctl: $(BUILD)/ctl/attendctl.o $(call obj,$(CTL_SRC)) $(LIBDOC) $(LIBEVAL) $(LIBRULES) $(LIBATTEND)
$(PROGS):
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Unit tests: every tests/unit/test_*.c links against all project libraries (archives pull in
# only what a test uses) and cmocka.  A test may wrap a library symbol with -Wl,--wrap: list it
# in tests/unit/<name>.wrap, one symbol per line.
$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIBS_ALL)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBS_ALL) \
	  $(foreach s,$(shell cat tests/unit/$*.wrap 2>/dev/null),-Wl,--wrap=$(s)) $(PKG_LIBS) $(CMOCKA_LIBS)

$(BUILD)/bench/%: $(BUILD)/tests/bench/%.o $(LIBS_ALL)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBS_ALL) $(PKG_LIBS)

$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(LIBS_ALL)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBS_ALL) $(PKG_LIBS)

# A unit test finds the tree's data files from any working directory (tests/unit/srcdir.h).
$(BUILD)/tests/unit/%.o: ALL_CFLAGS += -DSRCDIR='"$(CURDIR)"'

unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done

# The whole suite: unit tests in the release and the sanitizer build, then the integration
# tests (real PostgreSQL and mosquitto on loopback) against the sanitizer build — and, in
# test_valgrind.sh, the release daemons under valgrind.  Two integration tests run at once
# (tests/integration/run-all: each has its own folder, ports and PIDs).
ATTEND_TEST_JOBS ?= 2
export ATTEND_TEST_JOBS
check:
	sh tests/check_layout.sh
	$(MAKE) -j2 all
	$(MAKE) unit
	$(MAKE) -j2 SAN=1 all   # the builds two at a time; the unit tests above and below one at a time
	$(MAKE) SAN=1 unit
	ATTEND_BUILD=build/san tests/integration/run-all

# The date-sensitive integration tests (those on day results: they use tests/lib/days.sh)
# again as if today were other dates (ATTEND_TEST_TODAY): inside Tết 2027, and a Friday in
# 2030.  A test that depends on the day it runs fails here the day it is written.
CHECK_DATES ?= 2027-02-10 2030-06-28
DATE_TESTS = $(notdir $(shell grep -l 'lib/days.sh' tests/integration/test_*.sh | grep -v valgrind))
check-dates:
	$(MAKE) SAN=1 all
	@set -e; for d in $(CHECK_DATES); do echo "== as if today were $$d"; \
	  ATTEND_TEST_TODAY=$$d ATTEND_BUILD=build/san tests/integration/run-all $(DATE_TESTS); done

# The failover test's long form (tests/integration/test_failover.sh): 5,000 taps per edge
# and stream, two kills of the primary under Patroni; make check runs its short form.
FAILOVER_TAPS ?= 5000
check-failover:
	$(MAKE) SAN=1 all
	FAILOVER_TAPS=$(FAILOVER_TAPS) FAILOVER_TWICE=1 ATTEND_BUILD=build/san tests/integration/run-all test_failover.sh

# The broker-loss test's long form (tests/integration/test_broker_loss.sh): 5,000 taps per edge
# and stream, four kills (the edges move from one broker to the other and back, twice).
BROKER_TAPS ?= 5000
check-brokers:
	$(MAKE) SAN=1 all
	BROKER_TAPS=$(BROKER_TAPS) BROKER_KILLS=4 ATTEND_BUILD=build/san tests/integration/run-all test_broker_loss.sh

bench: all
	ATTEND_BUILD=$(BUILD) tests/bench/run
	ATTEND_BUILD=$(BUILD) tests/bench/bench_pdf.sh
	ATTEND_BUILD=$(BUILD) tests/bench/bench_web.sh
	$(BUILD)/bench/bench_rules
	$(BUILD)/bench/bench_reader_latency
	$(BUILD)/bench/bench_badges
	ATTEND_BUILD=$(BUILD) tests/bench/bench_badges_edge.sh
	ATTEND_BUILD=$(BUILD) tests/bench/bench_edges.sh

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/sql \
	  $(DESTDIR)$(SYSCONFDIR)/attendd $(DESTDIR)$(UNITDIR)
	install -m 0755 $(BUILD)/attendd $(BUILD)/attend-recorder $(BUILD)/attend-web $(DESTDIR)$(SBINDIR)/
	install -m 0755 $(BUILD)/attendctl $(DESTDIR)$(BINDIR)/
	install -m 0755 scripts/attend-pki $(DESTDIR)$(BINDIR)/
	install -m 0644 sql/*.sql $(DESTDIR)$(DATADIR)/sql/
	install -m 0640 config/attendd.ini config/recorder.ini config/summary.ini config/summary.env config/web.ini \
	  $(DESTDIR)$(SYSCONFDIR)/attendd/
	install -d $(DESTDIR)$(PREFIX)/share/doc/attendd
	install -m 0644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/attendd/
	install -d $(DESTDIR)$(DATADIR)/data $(DESTDIR)$(DATADIR)/examples
	install -m 0644 rules/data/*.tsv $(DESTDIR)$(DATADIR)/data/
	install -m 0644 config/mosquitto.conf config/mosquitto.acl $(wildcard config/udev/*.rules) \
	  $(wildcard config/modprobe.d/*.conf) $(DESTDIR)$(DATADIR)/examples/
	install -d $(DESTDIR)$(MANDIR)/man8
	# the man pages name the default data folder; the installed ones name this one
	for m in attendd.8 attend-recorder.8 attend-web.8; do sed -e 's|/usr/local/share/attendd|$(DATADIR)|g' -e 's|/usr/local/share/locale|$(LOCALEDIR)|g' man/$$m \
	  > $(DESTDIR)$(MANDIR)/man8/$$m && chmod 0644 $(DESTDIR)$(MANDIR)/man8/$$m; done
	install -m 0644 systemd/*.service $(wildcard systemd/*.timer) $(DESTDIR)$(UNITDIR)/
	install -d $(DESTDIR)$(MANDIR)/man1
	sed -e 's|/usr/local/share/attendd|$(DATADIR)|g' -e 's|/usr/local/share/locale|$(LOCALEDIR)|g' man/attendctl.1 > $(DESTDIR)$(MANDIR)/man1/attendctl.1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/attendctl.1
	install -m 0644 man/attend-pki.1 $(DESTDIR)$(MANDIR)/man1/
	for l in $(PO_LANGS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/attendctl.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done
	for l in $(WEB_PO_LANGS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/attend-web.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done

clean:
	rm -rf build

.PHONY: all unit check check-dates check-failover check-brokers bench install clean
.DELETE_ON_ERROR:

# --- Reader tests (issue 3) -------------------------------------------------------------
# The PN532 wire emulator (tests/tools/pn532_emu.c) runs inside the libnfc driver's test, so
# real libnfc talks to it over a pty.  The test link rule takes only its own object, hence the
# emulator object is added through that target's LDFLAGS.
PN532_EMU_OBJ := $(BUILD)/tests/tools/pn532_emu.o
$(BUILD)/tests/test_reader_nfc: $(PN532_EMU_OBJ)
$(BUILD)/tests/test_reader_nfc: override LDFLAGS += $(PN532_EMU_OBJ)

# --- Fuzzing (issue 7) --------------------------------------------------------------------
# `make fuzz` builds one libFuzzer binary per tests/fuzz/fuzz_*.c into build/fuzz/ (clang,
# ASan + UBSan; clang-only warnings do not stop it, gcc enforces -Werror); tests/fuzz/run
# runs them.  The same sources, built normally, are linked into tests/unit/test_fuzz_corpus,
# so `make unit` replays the committed corpora (no libFuzzer needed).
FUZZ_SRC      := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS  := $(filter-out fuzz_util,$(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC)))
FUZZ_UTIL_OBJ := $(BUILD)/tests/fuzz/fuzz_util.o
FUZZ_SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang SANFLAGS="$(FUZZ_SANFLAGS)" CFLAGS="-O1 -g -DFUZZ_LIBFUZZER -Wno-error" \
	  $(addprefix build/fuzz/,$(FUZZ_TARGETS))
$(BUILD)/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_UTIL_OBJ) $(LIBS_ALL)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_UTIL_OBJ) $(LIBS_ALL) $(PKG_LIBS)
FUZZ_REPLAY_OBJS := $(call obj,$(FUZZ_SRC))
$(BUILD)/tests/test_fuzz_corpus: $(FUZZ_REPLAY_OBJS)
$(BUILD)/tests/test_fuzz_corpus: override LDFLAGS += $(FUZZ_REPLAY_OBJS)
.PHONY: fuzz

-include $(shell find build -name '*.d' 2>/dev/null)

# --- attend-web (issue 14) ------------------------------------------------------------------
# The browser interface: web/ (its main web/attend-web.c), linked like attendctl against the
# evaluator, the rules and lib/; its own message catalog po/web/<lang>.po -> attend-web.mo.
WEB_PO_LANGS := $(patsubst po/web/%.po,%,$(wildcard po/web/*.po))
WEB_MO_FILES := $(patsubst %,$(BUILD)/locale/%/LC_MESSAGES/attend-web.mo,$(WEB_PO_LANGS))
$(BUILD)/locale/%/LC_MESSAGES/attend-web.mo: po/web/%.po
	@mkdir -p $(dir $@)
	$(Q)msgfmt --check -o $@ $<
# The documents' words are attendctl's catalog (doc/doc.h): attend-web reads attendctl.mo too.
all: $(BUILD)/attend-web $(WEB_MO_FILES) $(MO_FILES)
$(BUILD)/attend-web: $(BUILD)/web/attend-web.o $(LIBWEB) $(LIBDOC) $(LIBEVAL) $(LIBRULES) $(LIBATTEND)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# --- Debian packages (issue 15) -------------------------------------------------------------
# `make deb` builds attendd-edge, attendd-server and attendctl with debhelper (debian/) from a
# copy of the tree in $(DEB_DIR)/src, so neither the tree nor its build/ is touched or reused:
# debian/rules builds afresh with PREFIX=/usr.  The .debs land in $(DEB_DIR).
# DEB_BUILD_OPTIONS=nocheck skips the unit tests; DEB_JOBS compiles in parallel.
DEB_DIR  ?= build/deb-pkg
DEB_JOBS ?= 2
deb:
	rm -rf $(DEB_DIR)/src && mkdir -p $(DEB_DIR)/src
	rm -f $(DEB_DIR)/*.deb $(DEB_DIR)/*.ddeb $(DEB_DIR)/*.buildinfo $(DEB_DIR)/*.changes
	tar -c --exclude=./build --exclude=./.git --exclude=./demo-run --exclude='*.o' . | tar -x -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && dpkg-buildpackage -b -us -uc -j$(DEB_JOBS)
	rm -rf $(DEB_DIR)/src
	@ls $(DEB_DIR)/*.deb
.PHONY: deb
