#!/usr/bin/env bash
# deps.sh — installs the Debian packages dbagent builds, tests and benchmarks
# with. Idempotent: does nothing when everything is there; runs `apt-get update`
# only when something is missing. Needs root (or sudo).
set -euo pipefail

packages=(
    # build
    gcc make clang libclang-rt-dev
    # libraries (DESIGN.md §4)
    libpg-query-dev libprotobuf-c-dev libjansson-dev libpq-dev zlib1g-dev
    # tests and benchmark peers
    libcmocka-dev python3 jq time
    # the HTML digest report is rendered in headless Chromium (tests/html/run.sh)
    chromium fonts-dejavu-core
    # live tests: a private PostgreSQL 15 with HypoPG (scripts/pg-test.sh)
    postgresql-15 postgresql-15-hypopg postgresql-contrib util-linux iproute2
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps.sh: need root to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps.sh: done" >&2
