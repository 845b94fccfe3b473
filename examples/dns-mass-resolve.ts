/**
 * Mass DNS resolution, after gevent's examples/dns_mass_resolve.py: hundreds of names resolved by a
 * bounded pool of fibers, each name with its own timeout, through greenfiber's pure DNS resolver
 * (`layerDns`, queries over greenfiber's own UDP sockets).
 *
 * Nothing leaves the machine: a dnsmasq started on 127.0.0.1 serves a generated hosts file, answers
 * NXDOMAIN for other names under example.test, and forwards slow.example.test to a UDP socket that
 * never answers, so those names run into the per-name timeout. Without dnsmasq installed, the names are
 * served from the hosts file by the resolver itself, and every other name goes to that silent socket.
 *
 *   npm run example -- dns-mass-resolve
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { AF_INET, gethostbyname, SOCK_DGRAM, SOCK_STREAM, socket } from "@greenfiber/socket"
import { layerDns } from "@greenfiber/resolver"

const KNOWN = 270
const MISSING = 20
const SLOW = 10
const CONCURRENCY = 50
const PER_NAME_TIMEOUT = "500 millis"

const knownName = (i: number) => `host-${i}.example.test`
const knownAddress = (i: number) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`

/** A UDP socket on loopback that reads nothing: a name server that never answers. */
const silentServer = Effect.gen(function*() {
  const sock = yield* socket(AF_INET, SOCK_DGRAM)
  yield* sock.bind(["127.0.0.1", 0])
  const [, port] = (yield* sock.getsockname()) as readonly [string, number]
  return port
})

// GREENFIBER_EXAMPLE_NO_DNSMASQ=1 shows the hosts-file fallback even where dnsmasq is installed.
const dnsmasqBinary = process.env.GREENFIBER_EXAMPLE_NO_DNSMASQ === "1"
  ? undefined
  : ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/usr/local/sbin/dnsmasq"].find((p) => fs.existsSync(p))

/** A port free for both UDP and TCP on 127.0.0.1 (dnsmasq listens on both), found with greenfiber sockets. */
const freePort = Effect.gen(function*() {
  for (let i = 0; i < 20; i++) {
    const found = yield* Effect.scoped(Effect.gen(function*() {
      const port = yield* silentServer
      const tcp = yield* socket(AF_INET, SOCK_STREAM)
      return yield* tcp.bind(["127.0.0.1", port]).pipe(Effect.as(port), Effect.orElseSucceed(() => undefined))
    }))
    if (found !== undefined) return found
  }
  return yield* Effect.fail(new Error("no free port on 127.0.0.1"))
})

/** dnsmasq on 127.0.0.1:port, killed when the scope closes. */
const startDnsmasq = (binary: string, port: number, hostsFile: string, silentPort: number) =>
  Effect.acquireRelease(
    Effect.sync(() =>
      spawn(binary, [
        "--no-daemon",
        "--conf-file=/dev/null",
        "--no-resolv", // never forward anything to the machine's own name servers
        "--no-hosts",
        `--addn-hosts=${hostsFile}`,
        "--local=/example.test/", // names under example.test that are not in the file: NXDOMAIN
        `--server=/slow.example.test/127.0.0.1#${silentPort}`,
        "--bind-interfaces",
        "--listen-address=127.0.0.1",
        `--port=${port}`,
        "--pid-file=",
        "--log-facility=-",
        ...(process.getuid?.() === 0 ? ["--user=root"] : [])
      ], { stdio: "ignore" })
    ),
    (child: ChildProcess) => Effect.sync(() => child.kill("SIGTERM"))
  )

/** Waits (up to 5 s) until the resolver answers for a known name, i.e. dnsmasq is listening. */
const ready = gethostbyname(knownName(1)).pipe(
  Effect.timeout("200 millis"),
  Effect.retry({ times: 25 }),
  Effect.mapError(() => new Error("dnsmasq did not answer on 127.0.0.1"))
)

type Outcome = "resolved" | "not found" | "timed out" | "failed"

const main = Effect.gen(function*() {
  const dir = yield* Effect.acquireRelease(
    Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "greenfiber-dns-example-"))),
    (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
  )
  const hostsFile = path.join(dir, "hosts")
  fs.writeFileSync(hostsFile, Array.from({ length: KNOWN }, (_, i) => `${knownAddress(i + 1)} ${knownName(i + 1)}\n`).join(""))
  const emptyHosts = path.join(dir, "empty-hosts")
  fs.writeFileSync(emptyHosts, "")
  const silentPort = yield* silentServer

  // resolvConf /dev/null: no search list or servers from the machine; only the servers given here.
  let resolverLayer: Layer.Layer<never, unknown>
  if (dnsmasqBinary !== undefined) {
    const port = yield* freePort
    yield* startDnsmasq(dnsmasqBinary, port, hostsFile, silentPort)
    yield* Console.log(`dnsmasq on 127.0.0.1:${port} serving ${KNOWN} names`)
    resolverLayer = layerDns({ nameservers: [`127.0.0.1:${port}`], hostsFile: emptyHosts, resolvConf: "/dev/null", timeout: 2, attempts: 1 })
  } else {
    yield* Console.log(`no dnsmasq: ${KNOWN} names served from a hosts file, other names go to a silent server`)
    resolverLayer = layerDns({ nameservers: [`127.0.0.1:${silentPort}`], hostsFile, resolvConf: "/dev/null", timeout: 2, attempts: 1 })
  }

  const names = [
    ...Array.from({ length: KNOWN }, (_, i) => knownName(i + 1)),
    ...Array.from({ length: MISSING }, (_, i) => `missing-${i + 1}.example.test`),
    ...Array.from({ length: SLOW }, (_, i) => `host-${i + 1}.slow.example.test`)
  ]
  const counts: Record<Outcome, number> = { resolved: 0, "not found": 0, "timed out": 0, failed: 0 }
  let wrong = 0

  // One job per name: the per-name timeout interrupts a stuck lookup (closing its socket) and the
  // pool's other fibers go on; a failure is counted, not fatal, as in gevent's example.
  const job = (name: string) =>
    gethostbyname(name).pipe(
      Effect.timeout(PER_NAME_TIMEOUT),
      Effect.match({
        onSuccess: (ip): Outcome => {
          const i = Number(/^host-(\d+)\.example\.test$/.exec(name)?.[1])
          if (ip !== knownAddress(i)) wrong++
          return "resolved"
        },
        onFailure: (e): Outcome =>
          e._tag === "TimeoutError" ? "timed out" : e._tag === "GaiError" && e.code === "EAI_NONAME" ? "not found" : "failed"
      }),
      Effect.map((outcome) => void counts[outcome]++)
    )

  const started = performance.now()
  yield* Effect.gen(function*() {
    if (dnsmasqBinary !== undefined) yield* ready
    yield* Console.log(`resolving ${names.length} names, ${CONCURRENCY} at a time, ${PER_NAME_TIMEOUT} per name`)
    yield* Console.log(`sample: ${knownName(1)} = ${yield* gethostbyname(knownName(1))}`)
    yield* Effect.forEach(names, job, { concurrency: CONCURRENCY, discard: true })
  }).pipe(Effect.provide(resolverLayer))
  const seconds = ((performance.now() - started) / 1000).toFixed(2)

  yield* Console.log(
    `finished in ${seconds} s: ${counts.resolved} resolved, ${counts["not found"]} not found, ` +
      `${counts["timed out"]} timed out, ${counts.failed} failed`
  )
  if (wrong > 0 || counts.failed > 0) return yield* Effect.fail(new Error(`${wrong} wrong addresses, ${counts.failed} failures`))
}).pipe(Effect.scoped)

NodeRuntime.runMain(main)
