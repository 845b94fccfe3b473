/**
 * How a process with greenfiber sockets ends (test/helpers/exit-child.ts): with fibers waiting it
 * exits promptly however it ends (the program returning, process.exit, an uncaught error), and a
 * socket whose scope is dropped without being closed is closed and reported once collected, its
 * fd and poll handle released.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { resolve } from "node:path"

const root = resolve(import.meta.dirname, "..")
const node = resolve(root, "node_modules/.bin/node")

const run = (args: ReadonlyArray<string>) => {
  const t0 = performance.now()
  const r = spawnSync(node, [...args], { cwd: root, timeout: 15_000, encoding: "utf8" })
  return { ...r, seconds: (performance.now() - t0) / 1000 }
}

describe("process exit", () => {
  it("the program returns while fibers wait in accept and recv: exit 0 at once, teardown closes the rest", () => {
    const r = run(["test/helpers/exit-child.ts", "finish"])
    assert.strictEqual(r.signal, null, r.stderr)
    assert.strictEqual(r.status, 0, r.stderr)
    assert.deepStrictEqual(JSON.parse(r.stdout), { finished: true, owned: 2, stats: { handles: 1, watchers: 1, active: 0 } })
    assert.isBelow(r.seconds, 8)
  })

  it("process.exit(0) while daemon fibers wait: exit 0 at once", () => {
    const r = run(["test/helpers/exit-child.ts", "exit"])
    assert.strictEqual(r.signal, null, r.stderr)
    assert.strictEqual(r.status, 0, r.stderr)
    assert.isBelow(r.seconds, 8)
  })

  it("an uncaught error while daemon fibers wait: exit 1 at once", () => {
    const r = run(["test/helpers/exit-child.ts", "throw"])
    assert.strictEqual(r.signal, null, r.stderr)
    assert.strictEqual(r.status, 1)
    assert.include(r.stderr, "uncaught, with fibers waiting")
    assert.isBelow(r.seconds, 8)
  })

  it("process.exit(0) in the main thread while workers have sockets and waits open: exit 0 at once", () => {
    const r = run(["test/helpers/exit-child.ts", "workers"])
    assert.strictEqual(r.signal, null, r.stderr)
    assert.strictEqual(r.status, 0, r.stderr)
    assert.deepStrictEqual(JSON.parse(r.stdout), { workersReady: 2 })
    assert.isBelow(r.seconds, 8)
  })
})

describe("unclosed sockets", () => {
  it("sockets of a dropped, never-closed scope are closed once collected and reported with a ResourceWarning", () => {
    const r = run(["--expose-gc", "test/helpers/exit-child.ts", "unclosed"])
    assert.strictEqual(r.status, 0, r.stderr)
    const { before, during, after, warnings } = JSON.parse(r.stdout) as {
      before: { fds: number; owned: number; handles: number; watchers: number; active: number }
      during: { fds: number; owned: number; handles: number; watchers: number; active: number }
      after: { fds: number; owned: number; handles: number; watchers: number; active: number }
      warnings: Array<{ name: string; code: string; message: string }>
    }
    // A listener, a client and its accepted end; the client waited, so it has a poll handle.
    assert.strictEqual(during.fds, before.fds + 3)
    assert.strictEqual(during.owned, before.owned + 3)
    assert.isAtLeast(during.handles, before.handles + 1)
    assert.deepStrictEqual(after, before)
    assert.strictEqual(warnings.length, 3)
    for (const w of warnings) {
      assert.strictEqual(w.name, "ResourceWarning")
      assert.strictEqual(w.code, "GREENFIBER_UNCLOSED_SOCKET")
      assert.match(w.message, /^unclosed socket \(fd \d+\) was garbage-collected; greenfiber closed it$/)
    }
  })
})
