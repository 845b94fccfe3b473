/**
 * For thread-pool-cancel.test.ts, run by the test inside fresh network and mount namespaces (`unshare
 * -mn`): only `lo` exists, /etc/resolv.conf names 127.0.0.1 (timeout:2, attempts:1) and /etc/hosts
 * knows localhost, so no query leaves the namespace. A silent DNS server on 127.0.0.1:53 counts the
 * queries it gets. 40 thread-pool lookups of silent names are each interrupted after 10 ms; then a
 * hosts-file lookup of localhost is timed. Prints `{"queries": n, "localhostMs": t, "address": a}`.
 */
import { OsResolver } from "@greenfiber/core"
import { Effect } from "effect"
import * as dgram from "node:dgram"

const server = dgram.createSocket("udp4")
let queries = 0
server.on("message", () => queries++)
await new Promise<void>((resolve) => server.bind(53, "127.0.0.1", resolve))

const r = OsResolver.thread
const out = await Effect.runPromise(Effect.gen(function*() {
  yield* Effect.forEach(
    Array.from({ length: 40 }, (_, i) => i),
    (i) => Effect.result(Effect.timeout(r.gethostbyname(`silent${i}.test`), 10)),
    { concurrency: "unbounded" }
  )
  const t0 = performance.now()
  const address = yield* r.gethostbyname("localhost")
  return { localhostMs: Math.round(performance.now() - t0), address }
}))
process.stdout.write(`${JSON.stringify({ queries, ...out })}\n`)
server.close()
process.exit(0)
