/**
 * Resolver benchmark (not a test): lookups/s of the `dns`, `ares` and `thread` resolvers for 1,000
 * concurrent distinct names served by a dnsmasq on loopback. The thread resolver (the OS getaddrinfo)
 * cannot be pointed at that dnsmasq, so it is measured on a hosts-file name (`localhost`) instead.
 *
 *   node_modules/.bin/node bench/resolver.ts [names=1000] [rounds=5]
 */
import { Resolver } from "@greenfiber/core"
import { Effect, Layer } from "effect"
import { layerAres, layerDns, layerThread } from "../packages/resolver/src/index.ts"
import { startDnsmasq } from "../packages/resolver/test/dnsmasq.ts"

const N = Number(process.argv[2] ?? 1000)
const ROUNDS = Number(process.argv[3] ?? 5)

const names = Array.from({ length: N }, (_, i) => `n${i}.bench.test`)
const hosts = names.map((n, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} ${n}`).join("\n") + "\n"
const dnsmasq = await startDnsmasq({ hosts, args: ["--local=/test/", "--dns-forward-max=5000"] })

interface Row {
  readonly resolver: string
  readonly workload: string
  readonly best: number
  readonly median: number
  readonly failures: number
}

const measure = (label: string, workload: string, layer: Layer.Layer<never, unknown>, pick: (i: number) => string) =>
  Effect.gen(function*() {
    const r = yield* Resolver
    const rates: Array<number> = []
    let failures = 0
    // One warm-up round, then the measured ones.
    for (let round = 0; round <= ROUNDS; round++) {
      const start = performance.now()
      const results = yield* Effect.forEach(names, (_, i) => Effect.result(r.gethostbyname(pick(i))), { concurrency: "unbounded" })
      const seconds = (performance.now() - start) / 1000
      const failed = results.filter((x) => x._tag === "Failure").length
      if (round > 0) {
        rates.push(N / seconds)
        failures += failed
      }
    }
    rates.sort((a, b) => a - b)
    return { resolver: label, workload, best: rates[rates.length - 1]!, median: rates[Math.floor(rates.length / 2)]!, failures } satisfies Row
  }).pipe(Effect.provide(layer))

const rows: Array<Row> = []
try {
  rows.push(await Effect.runPromise(measure("dns", `${N} distinct names, dnsmasq`, layerDns({ nameservers: [dnsmasq.server], timeout: 2, attempts: 3, hostsFile: "/dev/null", resolvConf: "/dev/null" }), (i) => names[i]!)))
  rows.push(await Effect.runPromise(measure("ares", `${N} distinct names, dnsmasq`, layerAres({ nameservers: [dnsmasq.server], timeout: 2, tries: 3, hostsFile: "/dev/null" }), (i) => names[i]!)))
  rows.push(await Effect.runPromise(measure("thread", `${N} x "localhost" (hosts file; OS resolver cannot use dnsmasq)`, layerThread, () => "localhost")))
} finally {
  await dnsmasq.stop()
}

const pad = (s: string, n: number) => s.padEnd(n)
console.log(`resolver lookups/s, ${N} concurrent gethostbyname, ${ROUNDS} rounds after one warm-up (node ${process.version})`)
console.log(`${pad("resolver", 9)}${pad("best/s", 10)}${pad("median/s", 10)}${pad("failures", 10)}workload`)
for (const r of rows) {
  console.log(`${pad(r.resolver, 9)}${pad(r.best.toFixed(0), 10)}${pad(r.median.toFixed(0), 10)}${pad(String(r.failures), 10)}${r.workload}`)
}
