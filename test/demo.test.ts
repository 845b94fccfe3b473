/**
 * `npm run demo` (examples/demo.ts) runs to completion on loopback, exits 0 and shows each part working.
 * Run with fewer clients than the default so the test stays quick.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const demo = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "demo.ts")

describe("the demo", () => {
  it("serves every client, shows timeouts, cancellation and every resolver, and exits 0", () => {
    const run = spawnSync(process.execPath, [demo], {
      env: { ...process.env, GF_DEMO_CLIENTS: "300", GF_DEMO_ROUNDS: "5" },
      encoding: "utf8",
      timeout: 60_000
    })
    assert.strictEqual(run.status, 0, run.stdout + run.stderr)
    const out = run.stdout
    assert.include(out, "300/300 clients done")
    assert.match(out, /recv failed with SocketTimeout "timed out" after \d+ ms/)
    assert.include(out, "withDefaultTimeout(0.1) around a region: SocketTimeout")
    assert.include(out, `the socket then echoed "still here"`)
    assert.include(out, `woke the blocked recv with EBADF: "File descriptor was closed in another fiber"`)
    for (const layer of ["blocking", "thread", "ares", "dns"]) {
      assert.match(out, new RegExp(`${layer}\\s+localhost -> 127\\.0\\.0\\.1`))
    }
    assert.match(out, /ares .*demo\.greenfiber\.test -> 10\.20\.30\.40/)
    assert.match(out, /dns .*demo\.greenfiber\.test -> 10\.20\.30\.40/)
    assert.match(out, /round trips\s+1500\n/)
    assert.match(out, /errors\s+0\n/)
    assert.include(out, "All good.")
  })
})
