# dbagent — build, test, run. See README.md.
#
#   make          build/dbagent (optimised)
#   make run      install what is missing, build, analyse the bundled example
#   make test     sanitizer build + every test; ends with "N passed, N failed"
#   make fuzz     libFuzzer targets, FUZZ_SECONDS each (default 60)

CC       ?= cc
CFLAGS_COMMON = -std=c11 -Wall -Wextra -Werror -Wshadow -Wvla -D_GNU_SOURCE -Isrc -I/usr/include/postgresql \
                -I/usr/include/pg_query
LIBS     = -lpg_query -lpq -ljansson -lz -lm -lpthread
VERSION  = 0.1.0

SRC      = $(sort $(wildcard src/*/*.c src/*/*/*.c))
MAIN     = src/main.c
LIB_SRC  = $(filter-out $(MAIN),$(SRC))

OPT_FLAGS  = -O2 -g -DDBAGENT_VERSION=\"$(VERSION)\"
SAN_FLAGS  = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined -DDBAGENT_VERSION=\"$(VERSION)\"

GEN_SRC  = build/gen/rules_doc.c
OPT_OBJ  = $(patsubst src/%.c,build/obj/%.o,$(LIB_SRC)) build/obj/gen/rules_doc.o
SAN_OBJ  = $(patsubst src/%.c,build/san/%.o,$(LIB_SRC)) build/san/gen/rules_doc.o
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRC))

.PHONY: all run test deps fuzz clean bench
all: build/dbagent

build/obj/%.o: src/%.c $(wildcard src/*/*.h src/*/*/*.h src/rules/*.def)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_COMMON) $(OPT_FLAGS) -c $< -o $@

build/san/%.o: src/%.c $(wildcard src/*/*.h src/*/*/*.h src/rules/*.def)
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(CFLAGS_COMMON) $(SAN_FLAGS) -c $< -o $@

# docs/rules.md is built into the binary for `dbagent rules ID`.
$(GEN_SRC): docs/rules.md scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh rules_doc docs/rules.md > $@

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -c $< -o $@

build/san/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -c $< -o $@

build/dbagent: $(OPT_OBJ) $(MAIN)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_COMMON) $(OPT_FLAGS) $(MAIN) $(OPT_OBJ) $(LIBS) -o $@

build/san/dbagent: $(SAN_OBJ) $(MAIN)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_COMMON) $(SAN_FLAGS) $(MAIN) $(SAN_OBJ) $(LIBS) -o $@

build/san/tests/%: tests/unit/%.c $(SAN_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST    $<"
	@$(CC) $(CFLAGS_COMMON) $(SAN_FLAGS) -Itests $< $(SAN_OBJ) $(LIBS) -lcmocka -o $@

deps:
	@scripts/deps.sh

run: deps build/dbagent
	build/dbagent optimize -f examples/shop/queries.sql --schema examples/shop/schema.sql \
	    --format text

test: deps build/san/dbagent $(UNIT_BIN) build/dbagent
	@tests/run-all.sh

FUZZ_SECONDS ?= 60
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(LIB_SRC) $(GEN_SRC)
	@mkdir -p $(dir $@)
	clang $(CFLAGS_COMMON) -O1 -g -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined \
	    -DDBAGENT_VERSION=\"$(VERSION)\" $< $(LIB_SRC) $(GEN_SRC) $(LIBS) -o $@

fuzz: deps $(FUZZ_BIN)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

bench: build/dbagent
	bench/optimize.sh

clean:
	rm -rf build
