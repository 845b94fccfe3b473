/**
 * Resource exhaustion in a child process with a low RLIMIT_NOFILE (test/helpers/emfile-child.ts):
 * socket()/socketpair()/createServer() at the limit are typed SocketError EMFILE, and `serve` keeps
 * accepting after EMFILE once fds free up: more clients than the child has fds connect at once, some
 * wait in the backlog until served clients close, and in the end every client is served exactly once.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import * as S from "@greenfiber/socket"
import { Rng, seedFromEnv, STRESS } from "./helpers/reliability.ts"

const LIMIT = 64
const CLIENTS = STRESS ? 600 : 150
const root = resolve(import.meta.dirname, "..")

const hasPrlimit = (() => {
  try {
    execFileSync("prlimit", ["--version"])
    return true
  } catch {
    return false
  }
})()

interface Child {
  readonly proc: ChildProcess
  readonly lines: Array<any>
  readonly next: (pred: (line: any) => boolean) => Effect.Effect<any>
  readonly exit: Effect.Effect<number | null>
  readonly stderr: () => string
  /** What the child was doing: its own state line (SIGHUP) and Node's diagnostic report (SIGUSR2). */
  readonly diagnose: Effect.Effect<string>
  /** Kills the child if it still runs and removes its report directory. */
  readonly dispose: () => void
}

/** The parts of a Node diagnostic report that say where a process is stuck. */
const summarizeReport = (text: string): string => {
  try {
    const report = JSON.parse(text)
    const handles: Record<string, number> = {}
    for (const h of report.libuv ?? []) {
      const key = `${h.type}${h.is_active ? "" : " (inactive)"}${h.is_referenced ? "" : " (unref)"}`
      handles[key] = (handles[key] ?? 0) + 1
    }
    return JSON.stringify({ javascriptStack: report.javascriptStack, libuv: handles }, null, 1)
  } catch (e) {
    return `unreadable report: ${String(e)}`
  }
}

const spawnChild = (args: ReadonlyArray<string>): Child => {
  const reports = mkdtempSync(join(tmpdir(), "gf-emfile-"))
  const node = resolve(root, "node_modules/.bin/node")
  const reportFlags = ["--report-on-signal", "--report-signal=SIGUSR2", `--report-directory=${reports}`]
  const proc = spawn("prlimit", [`--nofile=${LIMIT}:${LIMIT}`, node, ...reportFlags, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"]
  })
  const lines: Array<any> = []
  const waiters: Array<() => void> = []
  let buf = ""
  let err = ""
  proc.stdout!.on("data", (d: Buffer) => {
    buf += d.toString()
    let i: number
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1)
      try {
        lines.push(JSON.parse(line))
      } catch {
        lines.push({ raw: line })
      }
      waiters.splice(0).forEach((w) => w())
    }
  })
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((res) => proc.on("exit", (code) => {
    waiters.splice(0).forEach((w) => w())
    res(code)
  }))
  const next = (pred: (line: any) => boolean) =>
    Effect.callback<any>((resume) => {
      const look = () => {
        const found = lines.find(pred)
        if (found !== undefined) resume(Effect.succeed(found))
        else if (proc.exitCode !== null) resume(Effect.succeed(undefined))
        else waiters.push(look)
      }
      look()
    })
  const diagnose = Effect.gen(function*() {
    if (proc.exitCode !== null) return `the child exited with ${proc.exitCode}: ${err}`
    proc.kill("SIGHUP")
    proc.kill("SIGUSR2")
    yield* Effect.sleep(3000)
    const state = lines.filter((l) => "state" in l).at(-1)
    const files = readdirSync(reports)
    const report = files.length === 0 ? "no report" : summarizeReport(readFileSync(join(reports, files[0]!), "utf8"))
    return `child state: ${JSON.stringify(state)}\nlast lines: ${JSON.stringify(lines.slice(-3))}\nreport: ${report}\nstderr: ${err}`
  })
  const dispose = () => {
    if (proc.exitCode === null) proc.kill("SIGKILL")
    rmSync(reports, { recursive: true, force: true })
  }
  return { proc, lines, next, exit: Effect.promise(() => exited), stderr: () => err, diagnose, dispose }
}

/** `child.next(pred)`, or a failure that says where the child was stuck after `millis`. */
const expectLine = (child: Child, pred: (line: any) => boolean, millis: number, what: string) =>
  Effect.flatMap(Effect.timeoutOption(child.next(pred), millis), (found) =>
    found._tag === "Some"
      ? Effect.succeed(found.value)
      : Effect.flatMap(child.diagnose, (why) => Effect.die(new Error(`no ${what} from the child within ${millis} ms\n${why}`))))

describe("descriptor exhaustion (child process, RLIMIT_NOFILE)", () => {
  it.live.skipIf(!hasPrlimit)(`socket() at the limit is EMFILE; serve goes on after EMFILE and serves all ${CLIENTS} clients`, () =>
    Effect.gen(function*() {
      const seed = seedFromEnv()
      const rng = new Rng(seed)
      const child = spawnChild(["test/helpers/emfile-child.ts", String(CLIENTS)])
      yield* Effect.addFinalizer(() => Effect.sync(child.dispose))
      const ready = yield* expectLine(child, (l) => "ready" in l || "error" in l, 20_000, "ready line")
      assert.isDefined(ready, `child exited early: ${child.stderr()}`)
      assert.isNumber(ready.ready, JSON.stringify(ready))
      const port = ready.ready as number
      const replies = new Map<number, string>()
      // Every client connects at once: far more than the child has descriptors for.
      const exits = yield* Effect.forEach(
        Array.from({ length: CLIENTS }, (_, i) => i),
        (i) =>
          Effect.scoped(Effect.gen(function*() {
            const sock = yield* S.createConnection(["127.0.0.1", port], { timeout: 30 })
            yield* sock.sendall(new TextEncoder().encode(`hello ${i}\n`))
            let got = ""
            while (!got.endsWith("\n")) {
              const chunk = yield* sock.recv(64)
              if (chunk.length === 0) break
              got += new TextDecoder().decode(chunk)
            }
            replies.set(i, got)
            // Hold the connection a while (never zero: the child must stay at its limit long enough for
            // accept to meet EMFILE, however fast it serves).
            yield* Effect.sleep(rng.int(40, 80))
          })).pipe(Effect.exit),
        { concurrency: "unbounded" }
      )
      const failed = exits.filter(Exit.isFailure)
      assert.strictEqual(failed.length, 0, `seed ${seed}: ${failed.length} clients failed: ${String(failed[0])}`)
      for (let i = 0; i < CLIENTS; i++) assert.strictEqual(replies.get(i), `served ${i}\n`)
      const done = yield* expectLine(child, (l) => "result" in l || "error" in l, 30_000, "result")
      const code = yield* child.exit
      assert.isDefined(done, `no result from the child: ${child.stderr()}`)
      const r = done.result
      assert.isDefined(r, JSON.stringify(done))
      console.log(`exhaustion summary: ${JSON.stringify({ limit: LIMIT, clients: CLIENTS, ...r })}`)
      assert.deepStrictEqual(r.failures, [])
      assert.strictEqual(r.socket, "EMFILE/24")
      assert.strictEqual(r.socketpair, "EMFILE/24")
      assert.strictEqual(r.createServer, "EMFILE/24")
      assert.strictEqual(r.udp6 === "EMFILE/24" || !S.hasIpv6, true)
      assert.isAbove(r.opened, 10)
      assert.isBelow(r.opened, LIMIT)
      assert.strictEqual(r.served, CLIENTS)
      assert.strictEqual(r.distinct, CLIENTS)
      assert.deepStrictEqual(r.bad, [])
      // The limit was really hit while serving, and the server went on past it.
      assert.isAbove(r.emfileWarnings, 0)
      assert.isBelow(r.peakOpenConnections, LIMIT)
      assert.strictEqual(r.fdsAtEnd, r.fdsAtStart)
      assert.deepStrictEqual(r.stats, { handles: 0, watchers: 0, active: 0 })
      assert.strictEqual(code, 0, child.stderr())
    }).pipe(Effect.scoped))
})
