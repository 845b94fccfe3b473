/**
 * The OS resolver's thread-pool lookups under interruption: an interrupted lookup still queued leaves
 * libuv's queue (uv_cancel), so later lookups do not wait behind it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

describe("thread-pool lookups", () => {
  // getaddrinfo runs in libuv's two "slow I/O" slots: 40 interrupted lookups of a silent name used to
  // run in turn, and a later hosts-file lookup of localhost waited 20 s behind them. Needs `unshare -mn`
  // (root) and `ip` (iproute2) to keep every query on a silent server of its own.
  const canUnshare = (() => {
    try {
      return spawnSync("unshare", ["-mn", "ip", "link", "set", "lo", "up"]).status === 0
    } catch {
      return false
    }
  })()
  it.live.skipIf(!canUnshare)("interrupted thread-pool lookups leave the pool: a later lookup does not wait behind them", () =>
    Effect.sync(() => {
      const root = resolve(import.meta.dirname, "..")
      const dir = mkdtempSync(join(tmpdir(), "gf-ns-"))
      try {
        writeFileSync(join(dir, "resolv.conf"), "nameserver 127.0.0.1\noptions timeout:2 attempts:1\n")
        writeFileSync(join(dir, "hosts"), "127.0.0.1 localhost\n")
        const script = `mount --make-rprivate / && mount --bind ${dir}/resolv.conf /etc/resolv.conf && ` +
          `mount --bind ${dir}/hosts /etc/hosts && ip link set lo up && exec "$0" test/helpers/thread-cancel-child.ts`
        const r = spawnSync("unshare", ["-mn", "sh", "-c", script, resolve(root, "node_modules/.bin/node")], { cwd: root, timeout: 25_000, encoding: "utf8" })
        assert.isNull(r.signal, `the child hung and was killed (${r.signal}): ${r.stderr}`)
        assert.strictEqual(r.status, 0, r.stderr)
        const out = JSON.parse(r.stdout.trim()) as { queries: number; localhostMs: number; address: string }
        assert.strictEqual(out.address, "127.0.0.1")
        // Only the lookups the two slow-I/O threads had started reached the server (each asks A once).
        assert.isAtMost(out.queries, 4, JSON.stringify(out))
        // Behind at most those: one 2 s timeout, not twenty in turn.
        assert.isBelow(out.localhostMs, 5_000, JSON.stringify(out))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }), 40_000)
})
