#!/usr/bin/env bash
# Cross-compiles every native source (native/*.c) for macOS and the BSDs with `zig cc`, with the
# addon's own flags and -Werror, to prove the C still builds off Linux. It downloads nothing.
#
#   ZIG=/path/to/zig bash scripts/cross-check.sh [target...]
#
# ZIG               the zig binary (default: `zig` on PATH). Its own headers cover macOS and Linux.
# NODE_INCLUDE      where node_api.h and uv.h are (default: node-gyp's nodedir, else /usr/include/node).
# BSD_LIBC_INCLUDE  a zig-style lib/libc/include folder with generic-freebsd, x86_64-freebsd-none, ...
#                   (newer zig releases ship them; default: zig's own). BSD targets whose headers are
#                   missing are reported as skipped, not failed.
# Exit status: 0 when every target that ran passed, 1 otherwise.
set -u
cd "$(dirname "$0")/.."

ZIG=${ZIG:-$(command -v zig || true)}
if [ -z "$ZIG" ] || ! "$ZIG" version >/dev/null 2>&1; then
  echo "cross-check: no working zig (set ZIG=/path/to/zig)" >&2
  exit 1
fi
ZIG_LIB=$("$ZIG" env | sed -n 's/.*"lib_dir": *"\([^"]*\)".*/\1/p')

if [ -z "${NODE_INCLUDE:-}" ]; then
  for d in "$(npm config get nodedir 2>/dev/null)/include/node" /usr/include/node /usr/local/include/node; do
    [ -f "$d/node_api.h" ] && NODE_INCLUDE=$d && break
  done
fi
if [ ! -f "${NODE_INCLUDE:-}/node_api.h" ] || [ ! -f "$NODE_INCLUDE/uv.h" ]; then
  echo "cross-check: node_api.h/uv.h not found (set NODE_INCLUDE)" >&2
  exit 1
fi
BSD_INC=${BSD_LIBC_INCLUDE:-$ZIG_LIB/libc/include}

[ $# -gt 0 ] && TARGETS=("$@") || TARGETS=(x86_64-macos.10.15 aarch64-macos.11.0 x86_64-freebsd aarch64-freebsd
  x86_64-netbsd x86_64-openbsd aarch64-linux-musl)
FLAGS=(-std=gnu11 -Wall -Wextra -Wno-unused-parameter -Werror -fvisibility=hidden
  -DNAPI_VERSION=8 -D_GNU_SOURCE -DNODE_GYP_MODULE_NAME=greenfiber -DGF_CONSTANTS_STRICT -I"$NODE_INCLUDE")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

fail=0
for t in "${TARGETS[@]}"; do
  sys=()
  case $t in
    *-freebsd* | *-netbsd* | *-openbsd*)
      # zig before 0.14 has no libc headers for these: use the given ones, and only those.
      os=${t#*-}; os=${os%%[-.]*}; arch=${t%%-*}
      arch_dir=$(ls -d "$BSD_INC/$arch-$os"-* 2>/dev/null | head -n 1)
      if [ ! -d "$BSD_INC/generic-$os" ] || [ -z "$arch_dir" ]; then
        echo "skip $t: no $os libc headers in $BSD_INC (set BSD_LIBC_INCLUDE)"
        continue
      fi
      sys=(-nostdinc -isystem "$ZIG_LIB/include" -isystem "$arch_dir" -isystem "$BSD_INC/generic-$os") ;;
  esac
  ok=1
  for f in native/*.c; do
    # -c rather than -fsyntax-only, which zig 0.12's cc does not support.
    if ! "$ZIG" cc -target "$t" "${sys[@]}" "${FLAGS[@]}" -c -o "$OUT/$(basename "$f").o" "$f"; then
      ok=0
      echo "FAIL $t $f"
    fi
  done
  if [ $ok = 1 ]; then echo "ok   $t"; else fail=1; fi
done
exit $fail
