/**
 * Every example in examples/ runs to completion on its own, exits 0 and prints what it promises.
 * Each is spawned as `npm run example -- NAME` would (examples/run.ts under this Node).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const runner = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "run.ts")

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `examples/run.ts ...args`, killing it (by its own pid) if it outlives `ms`. */
const example = (args: ReadonlyArray<string>, ms = 30_000, env: Record<string, string> = {}) =>
  Effect.callback<Run>((resume) => {
    const child = spawn(process.execPath, [runner, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), ms)
    child.on("close", (code) => {
      clearTimeout(timer)
      resume(Effect.succeed({ code, stdout, stderr }))
    })
    return Effect.sync(() => {
      clearTimeout(timer)
      child.kill("SIGKILL")
    })
  })

const lines = (out: string) => out.split("\n").filter((l) => l.length > 0)

describe("examples/run.ts", () => {
  it.live("lists the examples when no name is given", () =>
    Effect.gen(function*() {
      const r = yield* example([])
      expect(r.code).toBe(0)
      for (const name of ["echo-server", "port-forwarder", "udp", "dns-mass-resolve", "http-fetch"]) {
        expect(r.stdout).toContain(`  ${name}\n`)
      }
      expect(r.stdout).not.toContain("demo")
    }))

  it.live("rejects an unknown name with the list and exit code 2", () =>
    Effect.gen(function*() {
      const r = yield* example(["no-such-example"])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain("unknown example: no-such-example")
      expect(r.stdout).toContain("  udp\n")
    }))
})

describe("examples", () => {
  it.live("echo-server: five clients get every line echoed, then quit", () =>
    Effect.gen(function*() {
      const r = yield* example(["echo-server"])
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const out = lines(r.stdout)
      expect(out[0]).toMatch(/^server: listening on 127\.0\.0\.1:\d+$/)
      expect(out.filter((l) => /^server: new connection from 127\.0\.0\.1:\d+$/.test(l))).toHaveLength(5)
      expect(out.filter((l) => /^server: 127\.0\.0\.1:\d+ quit$/.test(l))).toHaveLength(5)
      for (let id = 1; id <= 5; id++) expect(out).toContain(`client ${id}: 4 lines echoed, server closed after quit`)
      expect(out.at(-1)).toBe("done: 5 clients, 20 lines echoed")
    }))

  it.live("multicore-echo: two workers on one SO_REUSEPORT port serve all 200 clients between them", () =>
    Effect.gen(function*() {
      const r = yield* example(["multicore-echo", "2"])
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const m = r.stdout.trim().match(/^2 workers on port \d+ served 200 connections: worker 1 (\d+), worker 2 (\d+)$/)
      expect(m).not.toBeNull()
      // The kernel hashes connections over the listeners: both get some, and none is lost.
      const [one, two] = [Number(m![1]), Number(m![2])]
      expect(one + two).toBe(200)
      expect(Math.min(one, two)).toBeGreaterThan(0)
    }))

  it.live("port-forwarder: requests and replies cross the forwarder intact, with half-close", () =>
    Effect.gen(function*() {
      const r = yield* example(["port-forwarder"])
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const out = lines(r.stdout)
      expect(out[0]).toMatch(/^backend on 127\.0\.0\.1:(\d+), forwarder on 127\.0\.0\.1:\d+ -> \1$/)
      for (let id = 1; id <= 4; id++) expect(out).toContain(`client ${id}: sent 262144 bytes through the forwarder, reply verified`)
      const forwarded = out.filter((l) => /^forwarder: 127\.0\.0\.1:\d+ <-> 127\.0\.0\.1:\d+ done, 262144 bytes up, 72 bytes down$/.test(l))
      expect(forwarded).toHaveLength(4)
      expect(out.at(-1)).toBe("done: 4 clients forwarded")
    }))

  it.live("udp: every datagram is answered, and a silent peer times out", () =>
    Effect.gen(function*() {
      const r = yield* example(["udp"])
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const out = lines(r.stdout)
      expect(out[0]).toMatch(/^server: listening on udp 127\.0\.0\.1:\d+$/)
      expect(out.filter((l) => /^server: 127\.0\.0\.1:\d+ sent "hello \d from client \d"$/.test(l))).toHaveLength(9)
      for (let id = 1; id <= 3; id++) expect(out).toContain(`client ${id}: 3 answers received`)
      const timeout = out.find((l) => l.startsWith("timeout client:"))
      expect(timeout).toMatch(/^timeout client: no answer, recv failed with SocketTimeout \("timed out"\) after (\d+) ms$/)
      expect(Number(/after (\d+) ms/.exec(timeout!)![1])).toBeGreaterThanOrEqual(199)
      expect(out.at(-1)).toBe("done: 9 datagrams answered")
    }))

  it.live("dns-mass-resolve: names resolve through dnsmasq, missing ones fail, slow ones time out", () =>
    Effect.gen(function*() {
      const r = yield* example(["dns-mass-resolve"])
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const out = lines(r.stdout)
      expect(out).toContain("resolving 300 names, 50 at a time, 500 millis per name")
      expect(out).toContain("sample: host-1.example.test = 10.0.0.2")
      const last = out.at(-1)!
      // With dnsmasq (as the resolver tests require) names under example.test that it does not know are
      // NXDOMAIN; without it they go to the silent server and time out like the slow ones.
      if (out[0]!.startsWith("dnsmasq on 127.0.0.1:")) {
        expect(last).toMatch(/^finished in [\d.]+ s: 270 resolved, 20 not found, 10 timed out, 0 failed$/)
      } else {
        expect(out[0]).toMatch(/^no dnsmasq: 270 names/)
        expect(last).toMatch(/^finished in [\d.]+ s: 270 resolved, 0 not found, 30 timed out, 0 failed$/)
      }
    }))

  it.live("dns-mass-resolve: the hosts-file fallback works without dnsmasq", () =>
    Effect.gen(function*() {
      const r = yield* example(["dns-mass-resolve"], 30_000, { GREENFIBER_EXAMPLE_NO_DNSMASQ: "1" })
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const out = lines(r.stdout)
      expect(out[0]).toBe("no dnsmasq: 270 names served from a hosts file, other names go to a silent server")
      expect(out.at(-1)).toMatch(/^finished in [\d.]+ s: 270 resolved, 0 not found, 30 timed out, 0 failed$/)
    }))

  it.live("http-fetch: fast pages arrive, slow ones are cancelled at the deadline", () =>
    Effect.gen(function*() {
      const r = yield* example(["http-fetch"])
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const out = lines(r.stdout)
      const summary = /^fetched 57 of 60 pages \((\d+) bytes\) with 10 fibers in ([\d.]+) s$/.exec(out[0] ?? "")
      expect(summary, r.stdout).not.toBeNull()
      // The deadline is 2 s: the run stops at it, not 30 s later when the slow pages would come.
      expect(Number(summary![2])).toBeGreaterThanOrEqual(1.99)
      expect(Number(summary![2])).toBeLessThan(4)
      expect(out[1]).toBe("deadline of 2 s reached: 3 unfinished, cancelled: /slow/1 /slow/2 /slow/3")
    }))
})
