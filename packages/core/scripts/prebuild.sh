#!/usr/bin/env bash
# Builds the N-API prebuilds that ship inside @greenfiber/core's tarball, so users install it with no
# compiler: prebuilds/linux-x64/*.glibc.node, linux-arm64 (glibc, cross-built) and linux-x64 musl.
# Node-API is ABI-stable, so one build per platform serves every Node >= 22.19, and the headers of
# whatever Node the machine has (npm's nodedir) are enough.
#
# Needs Debian's gcc, gcc-aarch64-linux-gnu and musl-tools. A target whose compiler is missing fails the
# script, unless GREENFIBER_PREBUILD_PARTIAL=1 (a contributor's local pack) skips it with a warning.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

prebuildify="$(node -p 'require.resolve("prebuildify/bin.js")')"
gyp="${npm_config_node_gyp:-}"
if [ -z "$gyp" ]; then gyp="$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"; fi
[ -f "$gyp" ] || { echo "prebuild: node-gyp not found (run through npm, or set npm_config_node_gyp)" >&2; exit 1; }

# Built in a copy of the package's native sources, so the contributor's own build/Release (which the
# loader prefers) is never replaced by a cross-compiled binary.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r binding.gyp native package.json "$work/"
rm -rf prebuilds
mkdir -p prebuilds

build() { # arch libc cc strip
  local arch="$1" libc="$2" cc="$3" strip="$4"
  if ! command -v "$cc" >/dev/null 2>&1 || ! command -v "$strip" >/dev/null 2>&1; then
    if [ "${GREENFIBER_PREBUILD_PARTIAL:-}" = 1 ]; then
      echo "prebuild: skipping linux-$arch $libc: $cc not found" >&2
      return 0
    fi
    echo "prebuild: $cc not found for linux-$arch $libc (apt-get install gcc-aarch64-linux-gnu musl-tools)" >&2
    exit 1
  fi
  rm -rf "$work/build" "$work/prebuilds"
  (cd "$work" && CC="$cc" CXX="$cc" LINK="$cc" npm_config_nodedir="${npm_config_nodedir:-/usr}" \
    PREBUILD_NODE_GYP="$gyp" node "$prebuildify" --napi --strip --strip-bin "$strip" \
      --arch "$arch" --tag-libc --libc "$libc" >"$work/log" 2>&1) || { cat "$work/log" >&2; echo "prebuild: linux-$arch $libc failed" >&2; exit 1; }
  mkdir -p "prebuilds/linux-$arch"
  cp "$work"/prebuilds/linux-"$arch"/*.node "prebuilds/linux-$arch/"
}

build x64 glibc gcc strip
build arm64 glibc aarch64-linux-gnu-gcc aarch64-linux-gnu-strip
build x64 musl musl-gcc strip
find prebuilds -name '*.node' -print
