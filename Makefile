# Parallax build. `make` builds the library (static and shared), the tool and
# the tests into $(BUILD); `make test` runs the suite; `make SAN=1 test`
# builds and runs it under AddressSanitizer and UndefinedBehaviorSanitizer
# in build-san/. Warnings are errors.

BUILD ?= build
PREFIX ?= /usr/local
CC ?= cc
CXX ?= c++

PKGS := libutf8proc libxml-2.0 sqlite3 zlib libxxhash jansson
TEST_PKGS := cmocka

# Install missing Debian packages once, before the flags are computed.
DEPS_OK := $(shell pkg-config --exists $(PKGS) $(TEST_PKGS) 2>/dev/null && \
             test -f /usr/include/libstemmer.h && echo yes)
ifneq ($(DEPS_OK),yes)
  $(info make: dependencies missing; running scripts/install-deps.sh)
  DEPS_RC := $(shell sh scripts/install-deps.sh 1>&2; echo $$?)
  ifneq ($(DEPS_RC),0)
    $(error scripts/install-deps.sh failed)
  endif
endif

OPT ?= -O2
ifeq ($(SAN),1)
  BUILD := build-san
  OPT := -O1 -fno-omit-frame-pointer
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS)) -lstemmer -lpthread -lm
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
CFLAGS ?=
CFLAGS_ALL := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) -g \
  $(WARN) $(SANFLAGS) -Iinclude $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL := $(SANFLAGS) $(LDFLAGS)

LIB_SRC := $(sort $(wildcard src/*.c src/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_SRC := $(sort $(wildcard cli/*.c))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)

.PHONY: all lib test check bench bench-extract demo install clean fuzz-replay fuzz deps
all: lib $(BUILD)/parallax $(TEST_BIN) $(BUILD)/tests/header_c $(BUILD)/tests/header_cxx $(FUZZ_BIN)

lib: $(BUILD)/libparallax.a $(BUILD)/libparallax.so

deps:
	sh scripts/install-deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fPIC -MMD -MP -c $< -o $@

$(BUILD)/libparallax.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libparallax.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libparallax.so.0 $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(BUILD)/parallax: $(CLI_OBJ) $(BUILD)/libparallax.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libparallax.a $(PKG_LIBS)

# Unit tests may include private headers (they test modules); the public
# API tests and the CLI include parallax.h alone.
$(BUILD)/tests/%: tests/%.c tests/testutil.h tests/extract_metric.h tests/counting.h $(BUILD)/libparallax.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -o $@ $< $(BUILD)/libparallax.a $(PKG_LIBS) \
	  $(shell pkg-config --libs cmocka) $(LDFLAGS_ALL)

# The public header compiles alone, as C11 and as C++.
$(BUILD)/tests/header_c: tests/api/header.c include/parallax.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -pedantic $(WARN) -Iinclude -c $< -o $@
$(BUILD)/tests/header_cxx: tests/api/header.cpp include/parallax.h
	@mkdir -p $(dir $@)
	$(CXX) -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -c $< -o $@

$(BUILD)/bench/%: bench/%.c tests/extract_metric.h tests/counting.h $(BUILD)/libparallax.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -o $@ $< $(BUILD)/libparallax.a $(PKG_LIBS) $(LDFLAGS_ALL)

# Fuzz targets built with an ordinary main() that replays a corpus.
$(BUILD)/fuzz/%: fuzz/%.c fuzz/replay_main.c $(BUILD)/libparallax.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -o $@ $< fuzz/replay_main.c $(BUILD)/libparallax.a $(PKG_LIBS) $(LDFLAGS_ALL)

test check: all
	sh tests/run-tests.sh $(BUILD)

fuzz-replay: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); $$f fuzz/corpus/$${n#fuzz_}/* || exit 1; done

# libFuzzer (clang) on every target for FUZZ_SECONDS each, library compiled
# in so that its coverage is seen; new inputs go to build-fuzz/corpus-*.
FUZZ_SECONDS ?= 60
fuzz:
	@mkdir -p build-fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); c=$${n#fuzz_}; \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) \
	    $$f $(LIB_SRC) $(PKG_LIBS) -o build-fuzz/$$n || exit 1; \
	  mkdir -p build-fuzz/corpus-$$c; \
	  build-fuzz/$$n -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus-$$c fuzz/corpus/$$c || exit 1; \
	done

bench: lib $(BENCH_BIN) $(BUILD)/parallax
	sh bench/run.sh $(BUILD)

# Article extraction: quality (the benchmark's metric) and speed on
# ../shared/data/article-extraction; EXTRACT_ARGS="-v 20" lists worst pages.
bench-extract: $(BUILD)/bench/extract_bench
	$(BUILD)/bench/extract_bench $(EXTRACT_ARGS) ../shared/data/article-extraction

demo: $(BUILD)/parallax
	$(BUILD)/parallax stories examples/

install: lib $(BUILD)/parallax
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 include/parallax.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(BUILD)/libparallax.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libparallax.so $(DESTDIR)$(PREFIX)/lib/libparallax.so.0
	ln -sf libparallax.so.0 $(DESTDIR)$(PREFIX)/lib/libparallax.so
	install -m 755 $(BUILD)/parallax $(DESTDIR)$(PREFIX)/bin/
	install -m 644 docs/parallax.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/^#define PX_VERSION_STRING "\(.*\)"/\1/p' include/parallax.h)|' \
	  -e 's|@REQUIRES@|$(PKGS)|' docs/parallax.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/parallax.pc

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
