# qiao - mobile-first portal server.  See README.md.
#
#   make            build ./qiao (optimised)
#   make test       build with ASan+UBSan and run every test (alias: check);
#                   STRICT=1 (or CI=true) makes any skipped check a failure
#   make fuzz       every libFuzzer target of tests/fuzz in turn (clang),
#                   FUZZ_SECS=60 each; FUZZ="h1_parse uri" for some
#   make run        build, create the demo database if missing, serve it
#   make pot        po/qiao.pot from the templates and sources; make po
#                   merges it into every po/LANG.po (docs/i18n.md)
#   make bench      benchmarks (bench/RESULTS.md)
#   make bench-scale  search latency and sizes at 1, 2, 10 and 13 times the demo (slow)
#   make deb        the Debian package in build/deb (debhelper, lintian)
#   make deb-test   install it in a fresh Debian 12 tree, serve, purge (root)
#   make install    PREFIX=/usr/local DESTDIR= (qiao in PREFIX/sbin, data in
#                   PREFIX/share/qiao, man pages; make deb for the service)
#   make man        qiao(8) and qiao.conf(5) in build/man (scdoc; part of make)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/sbin
SHAREDIR ?= $(PREFIX)/share/qiao
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
PKGS    := libevent_core sqlite3 libxml-2.0 zlib jansson libsodium libsystemd opencc
VERSION := 0.1.0

# pkg-config is asked lazily (=), after tools/deps.sh has had its chance.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))

WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
DEFS    := -D_GNU_SOURCE -DQIAO_VERSION='"$(VERSION)"' -DQIAO_SHAREDIR='"$(SHAREDIR)"'

# Two flavours, each with its own object tree.
REL_DIR  := build/release
TEST_DIR := build/test
REL_FLAGS  := -O2 -g
# debian/rules adds dpkg-buildflags' hardening here.
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=
TEST_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

SRC      := $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
MIGRATIONS := $(sort $(wildcard db/migrations/*.sql))
HOLIDAYS := $(sort $(wildcard db/holidays/*.txt))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
# Pure modules (no database, no event loop, no sockets): their unit tests
# link only these objects and libxml2, so a pure module that starts
# calling the store or libevent fails to link.
PURE_SRC := $(sort $(wildcard src/core/*.c src/render/*.c src/device/*.c src/text/*.c)) src/http/h1_parse.c
PURE_TESTS := test_buf test_form test_uri test_esc test_view test_tpl test_pager test_device test_h1_parse \
	test_textnorm test_msgrule test_arena test_utf8 test_tz test_file test_device_wap test_device_corpus \
	test_json test_atom test_config test_cidr test_catalog test_lang test_charset
PURE_LIBS = $(shell pkg-config --libs libxml-2.0 zlib)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
# The libFuzzer flavour (clang): objects with coverage and the sanitizers,
# one binary per target in build/fuzz/bin (make fuzz-build, tests/fuzz/run.sh).
FUZZ_CC    ?= clang
FUZZ_DIR   := build/fuzz
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined

objs = $(patsubst %.c,$(1)/%.o,$(2))
# Generated at build time: the migrations, the seed data of the search
# (db/search/) and the pinyin table (Unihan kMandarin, package unicode-data).
gen_objs = $(1)/gen/migrations.o $(1)/gen/seeds.o $(1)/gen/pinyin.o $(1)/gen/catalogs.o
# The interface strings' catalogs (docs/i18n.md): po/LANG.po, checked and
# compiled by msgfmt into build/gen/mo/LANG.mo, embedded in the binary.
PO_FILES := $(sort $(wildcard po/*.po))
MO_FILES := $(patsubst po/%.po,build/gen/mo/%.mo,$(PO_FILES))
TEMPLATES := $(sort $(wildcard wml/*.wml xhtml-mp/*.xhtml html/*.html))
SEARCH_DATA := db/search/stopwords.txt db/search/intents.tsv
UNIHAN := /usr/share/unicode/Unihan_Readings.txt.bz2

.PHONY: pot po all man test check run bench bench-scale install install-files uninstall clean deb deb-test deps deps-test deps-bench test-build unit e2e fuzz fuzz-build
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory qiao man

# The manual pages: scdoc sources (docs/*.scd) filled in with what the
# binary prints (--help, config keys) by tools/manpage.sh.
MAN_PAGES := build/man/qiao.8 build/man/qiao.conf.5
man: $(MAN_PAGES)
build/man/%: docs/%.scd tools/manpage.sh qiao
	@mkdir -p build/man
	tools/manpage.sh ./qiao $< > $@.tmp && mv $@.tmp $@

deps:
	@tools/deps.sh build
deps-test:
	@tools/deps.sh test
deps-bench:
	@tools/deps.sh bench

# --- release build --------------------------------------------------------
qiao: $(call objs,$(REL_DIR),$(SRC)) $(call gen_objs,$(REL_DIR))
	$(CC) $(REL_FLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(REL_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(WARN) $(DEFS) $(REL_FLAGS) $(EXTRA_CFLAGS) -Isrc $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# --- test build (sanitizers) ----------------------------------------------
$(TEST_DIR)/qiao: $(call objs,$(TEST_DIR),$(SRC)) $(call gen_objs,$(TEST_DIR))
	$(CC) $(TEST_FLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(TEST_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC (test) $<"
	@$(CC) $(WARN) $(DEFS) $(TEST_FLAGS) -Isrc $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(addprefix $(TEST_DIR)/tests/unit/,$(PURE_TESTS)): $(TEST_DIR)/tests/unit/%: tests/unit/%.c $(call objs,$(TEST_DIR),$(PURE_SRC)) $(TEST_DIR)/gen/pinyin.o $(TEST_DIR)/gen/catalogs.o tests/unit/harness.h
	@mkdir -p $(dir $@)
	@echo "LD (pure) $@"
	@$(CC) $(WARN) $(DEFS) $(TEST_FLAGS) -Isrc -Itests/unit $(PKG_CFLAGS) -MMD -MP -o $@ $< $(call objs,$(TEST_DIR),$(PURE_SRC)) $(TEST_DIR)/gen/pinyin.o $(TEST_DIR)/gen/catalogs.o $(PURE_LIBS) -lm

$(TEST_DIR)/tests/unit/%: tests/unit/%.c $(call objs,$(TEST_DIR),$(LIB_SRC)) $(call gen_objs,$(TEST_DIR)) tests/unit/harness.h
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(WARN) $(DEFS) $(TEST_FLAGS) -Isrc -Itests/unit $(PKG_CFLAGS) -MMD -MP -o $@ $< $(call objs,$(TEST_DIR),$(LIB_SRC)) $(call gen_objs,$(TEST_DIR)) $(PKG_LIBS) -lm

# Each fuzz target with a plain main() that replays its corpus (gcc, no
# libFuzzer needed); `make fuzz` is the long run with clang's libFuzzer.
$(TEST_DIR)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(call objs,$(TEST_DIR),$(LIB_SRC)) $(call gen_objs,$(TEST_DIR))
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(WARN) $(DEFS) -DFUZZ_TOP='"$(CURDIR)"' $(TEST_FLAGS) -Isrc $(PKG_CFLAGS) -MMD -MP -o $@ $< tests/fuzz/replay.c $(call objs,$(TEST_DIR),$(LIB_SRC)) $(call gen_objs,$(TEST_DIR)) $(PKG_LIBS) -lm

# --- libFuzzer build (clang) ----------------------------------------------
$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC (fuzz) $<"
	@$(FUZZ_CC) $(WARN) $(DEFS) $(FUZZ_FLAGS) -Isrc $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/bin/%: tests/fuzz/%.c $(call objs,$(FUZZ_DIR)/obj,$(LIB_SRC)) $(call gen_objs,$(FUZZ_DIR))
	@mkdir -p $(dir $@)
	@echo "LD (fuzz) $@"
	@$(FUZZ_CC) $(WARN) $(DEFS) -DFUZZ_TOP='"$(CURDIR)"' $(FUZZ_FLAGS) -fsanitize=fuzzer -Isrc $(PKG_CFLAGS) -o $@ $< $(call objs,$(FUZZ_DIR)/obj,$(LIB_SRC)) $(call gen_objs,$(FUZZ_DIR)) $(PKG_LIBS) -lm

# --- generated sources ----------------------------------------------------
build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -O1 -o $@ $<

# The demo portal's data (db/demo/README.md) goes into the same file.
DEMO_DATA := db/demo/departments.tsv db/demo/services.tsv db/demo/articles.tsv db/demo/messages.tsv
# The foreign versions' trees and articles, named i18n/LANG/FILE in the binary.
DEMO_I18N := $(foreach l,en fr ja ko,db/demo/i18n/$(l)/columns.tsv db/demo/i18n/$(l)/articles.tsv)
build/gen/migrations.c: build/embed $(MIGRATIONS) $(DEMO_DATA) $(DEMO_I18N) $(HOLIDAYS)
	@mkdir -p build/gen
	(build/embed store_migrations $(MIGRATIONS) && build/embed demo_data $(DEMO_DATA) && \
	 build/embed -p db/demo/ demo_i18n $(DEMO_I18N) && \
	 build/embed store_holidays $(HOLIDAYS)) > $@.tmp && mv $@.tmp $@

build/gen/007-search-seed.sql: tools/search_seed.awk $(SEARCH_DATA)
	@mkdir -p build/gen
	awk -f tools/search_seed.awk $(SEARCH_DATA) > $@.tmp && mv $@.tmp $@

build/gen/seeds.c: build/embed build/gen/007-search-seed.sql
	build/embed store_seeds build/gen/007-search-seed.sql > $@.tmp && mv $@.tmp $@

build/gen/pinyin.c: tools/pinyin.awk
	@mkdir -p build/gen
	@test -r $(UNIHAN) || { echo "missing $(UNIHAN): install the Debian package unicode-data (tools/deps.sh build)"; exit 1; }
	bzcat $(UNIHAN) | awk -f tools/pinyin.awk > $@.tmp && mv $@.tmp $@

build/gen/mo/%.mo: po/%.po
	@mkdir -p build/gen/mo
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

build/gen/catalogs.c: build/embed $(MO_FILES)
	@mkdir -p build/gen
	build/embed qiao_catalogs $(MO_FILES) > $@.tmp && mv $@.tmp $@

%/gen/catalogs.o: build/gen/catalogs.c
	@mkdir -p $(dir $@)
	$(CC) $(DEFS) -O1 -Isrc -c -o $@ $<

# po/qiao.pot: the template tags (tools/pot.pl) and the strings marked in
# C with T(r, s), N_(s), TN(r, s, plural, n) (render/i18n.h), by xgettext.
pot: $(TEMPLATES) $(SRC) tools/pot.pl
	@mkdir -p build/gen
	perl tools/pot.pl $(TEMPLATES) > build/gen/templates.pot
	xgettext --from-code=UTF-8 --keyword= --keyword=T:2 --keyword=N_ --keyword=TN:2,3 \
		--add-comments=TRANSLATORS: --package-name=qiao --package-version=$(VERSION) \
		--msgid-bugs-address=qiao@example.org --copyright-holder='qiao developers' \
		-o po/qiao.pot build/gen/templates.pot $(SRC)
po: pot
	for p in $(PO_FILES); do msgmerge --quiet --update --backup=none $$p po/qiao.pot || exit 1; done

%/gen/migrations.o: build/gen/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(DEFS) -O1 -Isrc -c -o $@ $<

%/gen/seeds.o: build/gen/seeds.c
	@mkdir -p $(dir $@)
	$(CC) $(DEFS) -O1 -Isrc -c -o $@ $<

%/gen/pinyin.o: build/gen/pinyin.c src/text/pinyin.h
	@mkdir -p $(dir $@)
	$(CC) $(DEFS) -O1 -Isrc -c -o $@ $<

# --- test -----------------------------------------------------------------
UNIT_BINS := $(patsubst tests/unit/%.c,$(TEST_DIR)/tests/unit/%,$(UNIT_SRC))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(TEST_DIR)/tests/fuzz/%,$(FUZZ_SRC))
STRICT ?=
FUZZ_SECS ?= 60

test check: deps-test
	@$(MAKE) --no-print-directory test-build
	@QIAO_STRICT=$(if $(filter 1 yes true,$(STRICT)),1,$${QIAO_STRICT:-}) tests/run.sh $(TEST_DIR)

test-build: $(TEST_DIR)/qiao $(UNIT_BINS) $(FUZZ_BINS)

FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC))
# keep the objects between builds (they are only prerequisites of a pattern rule)
.SECONDARY: $(call objs,$(FUZZ_DIR)/obj,$(LIB_SRC)) $(call gen_objs,$(FUZZ_DIR))
fuzz-build: $(addprefix $(FUZZ_DIR)/bin/,$(FUZZ_TARGETS))

fuzz:
	@FUZZ="$(FUZZ)" tests/fuzz/run.sh $(FUZZ_SECS)

# --- run ------------------------------------------------------------------
QIAO_DB ?= var/qiao.db
LISTEN  ?= 127.0.0.1:8080
run: all
	@mkdir -p $(dir $(QIAO_DB))
	@test -f $(QIAO_DB) || ./qiao init --demo --db $(QIAO_DB)
	@echo "qiao: serving the demo portal at http://$(LISTEN)/  (Ctrl-C stops)"
	./qiao serve --db $(QIAO_DB) --listen $(LISTEN) --access-log -

bench: all deps-bench
	@bench/run.sh

bench-scale: all
	@bench/scale.sh

install: all
	@$(MAKE) --no-print-directory install-files

# The files only (debian/rules builds first, without tools/deps.sh).
install-files:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)
	install -m 755 qiao $(DESTDIR)$(BINDIR)/qiao
	for d in wml xhtml-mp html db; do \
		install -d $(DESTDIR)$(SHAREDIR)/$$d; \
		find $$d -maxdepth 1 -type f -exec install -m 644 {} $(DESTDIR)$(SHAREDIR)/$$d/ \; ; \
	done
	install -d $(DESTDIR)$(SHAREDIR)/db/migrations
	install -m 644 $(MIGRATIONS) $(DESTDIR)$(SHAREDIR)/db/migrations/
	install -d $(DESTDIR)$(SHAREDIR)/docs
	install -m 644 docs/openapi.json $(DESTDIR)$(SHAREDIR)/docs/
	install -d $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5
	install -m 644 build/man/qiao.8 $(DESTDIR)$(MANDIR)/man8/qiao.8
	install -m 644 build/man/qiao.conf.5 $(DESTDIR)$(MANDIR)/man5/qiao.conf.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/qiao $(DESTDIR)$(MANDIR)/man8/qiao.8 $(DESTDIR)$(MANDIR)/man5/qiao.conf.5
	rm -rf $(DESTDIR)$(SHAREDIR)

# --- Debian package -------------------------------------------------------
# make deb: build/deb/qiao_VERSION_ARCH.deb from the files git knows (not
# build/), checked by lintian.  make deb-test: install it into a fresh
# Debian 12 tree (debootstrap), run the service's command as its user,
# fetch /, purge (tests/deb/install.sh; needs root and the archive).
deb:
	@tools/deps.sh deb
	rm -rf build/deb && mkdir -p build/deb/qiao-$(VERSION)
	git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -x -C build/deb/qiao-$(VERSION)
	cd build/deb/qiao-$(VERSION) && dpkg-buildpackage -us -uc -b --no-sign >../build.log 2>&1 \
		|| { tail -n 30 ../build.log; exit 1; }
	lintian --fail-on error,warning --suppress-tags-from-file debian/lintian-suppress build/deb/qiao_$(VERSION)_*.deb
	@ls -l build/deb/*.deb

deb-test: deb
	tests/deb/install.sh build/deb/qiao_$(VERSION)_*.deb

clean:
	rm -rf build qiao

-include $(shell find build/release build/test -name '*.d' -type f 2>/dev/null)
