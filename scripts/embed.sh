#!/bin/sh
# embed.sh NAME FILE — writes a C file defining `const char NAME[]` with FILE's
# bytes (NUL-terminated) to stdout. Used to build docs/rules.md into the binary.
set -eu
name=$1
file=$2
printf '/* Generated from %s by scripts/embed.sh; do not edit. */\n' "$file"
printf 'const char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00};\n'
