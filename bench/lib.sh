# lib.sh — sourced by the benchmarks: messages, and installing the peer tools a
# benchmark compares against (Debian packages, only when missing).
# Expects $prog to name the calling script.

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { say "error: $*"; exit 1; }

apt_install() {
    local sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "need root to install $* (apt-get install -y $*)"
        sudo=sudo
    fi
    say "installing $*"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 || {
        $sudo apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    }
}

# require_tools CMD... — each command (its Debian package has the same name;
# "time" means /usr/bin/time) is installed if missing, or the script stops.
require_tools() {
    local missing=() t
    for t in "$@"; do
        if [[ $t == time ]]; then [[ -x /usr/bin/time ]] || missing+=(time)
        else command -v "$t" >/dev/null 2>&1 || missing+=("$t"); fi
    done
    [[ ${#missing[@]} -eq 0 ]] || apt_install "${missing[@]}"
    for t in "$@"; do
        if [[ $t == time ]]; then [[ -x /usr/bin/time ]] || die "/usr/bin/time (Debian package 'time') is not available"
        else command -v "$t" >/dev/null 2>&1 || die "$t is not available"; fi
    done
}

# require_from PACKAGE CMD... — for tools whose Debian package has another name
# (pt-query-digest is in percona-toolkit, mariadbd in mariadb-server): installs
# PACKAGE when one of the commands is missing, or the script stops.
require_from() {
    local pkg=$1 t missing=0
    shift
    for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing=1; done
    ((missing == 0)) || apt_install "$pkg"
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || die "$t (Debian package $pkg) is not available"
    done
}
