/**
 * Arguments of the wrong type or shape, given to the public API of the three packages: each fails as a
 * typed error (or a defect that names the argument), never as a TypeError from deep inside ("x is not
 * iterable", "Cannot read properties of null"), and never synchronously out of an Effect-returning call.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { cancelWait, OsResolver, wait } from "@greenfiber/core"
import * as R from "@greenfiber/resolver"
import * as S from "@greenfiber/socket"
import { isolatedResolverFiles, startFakeDns } from "./helpers/fake-dns.ts"
import { outcome } from "./helpers/reliability.ts"

const OsResolverForTest = OsResolver.blocking

/** Messages that only say the code tripped over the input, not what the input did wrong. */
const UNCLEAR = /Cannot read propert|is not a function|is not iterable|Do not know how to serialize/

describe("socket arguments", () => {
  // The addon answers a plain -EINVAL (no [r, value] pair) when level or name is no int32.
  it.live("getsockopt with a non-integer level or name is a SocketError EINVAL", () =>
    Effect.gen(function*() {
      const sock = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
      assert.deepStrictEqual(outcome(yield* Effect.exit(sock.getsockopt(1.5, S.SO_TYPE))), ["SocketError", "EINVAL"])
      assert.deepStrictEqual(outcome(yield* Effect.exit(sock.getsockopt(S.SOL_SOCKET, NaN))), ["SocketError", "EINVAL"])
      // the integer form still works
      assert.strictEqual(yield* sock.getsockopt(S.SOL_SOCKET, S.SO_TYPE), S.SOCK_DGRAM)
    }).pipe(Effect.scoped))

  // CPython raises TypeError; greenfiber says what the argument should be instead of failing on `trim`.
  it.live("getfqdn with a non-string says so", () =>
    Effect.gen(function*() {
      const [kind, message] = outcome(yield* Effect.exit(S.getfqdn(42 as never)))
      assert.notStrictEqual(kind, "success")
      assert.notMatch(message, UNCLEAR)
    }))

  // The bind error names the address: it is formatted without JSON.stringify, which throws on a BigInt.
  it.live("createServer with a BigInt port is a SocketError EINVAL", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(S.createServer(["127.0.0.1", 1n as never]))
      assert.deepStrictEqual(outcome(exit), ["SocketError", "EINVAL"])
    }).pipe(Effect.scoped))
})

describe("wait arguments", () => {
  // wait and cancelWait check that they were given a watcher before touching its state.
  it.live("wait / cancelWait on something that is not a watcher say so", () =>
    Effect.gen(function*() {
      for (const junk of [null, undefined, {}, 3]) {
        const w = outcome(yield* Effect.exit(wait(junk as never, { timeout: 0.01 })))
        assert.notStrictEqual(w[0], "success")
        assert.notMatch(w[1], UNCLEAR, `wait(${String(junk)})`)
        const c = outcome(yield* Effect.exit(cancelWait(junk as never)))
        assert.notMatch(c[1], UNCLEAR, `cancelWait(${String(junk)})`)
      }
    }))
})

describe("resolver options and arguments", () => {
  // dnsConfig checks each option's type when the layer is built, so a bad one is a ResolverSetupError
  // there rather than a defect in the first lookup.
  it.live("layerDns / dnsConfig with nameservers of the wrong type is a ResolverSetupError", () =>
    Effect.gen(function*() {
      const files = isolatedResolverFiles("127.0.0.1")
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(files.dir, { recursive: true, force: true })))
      for (const nameservers of [5, [53], {}, "127.0.0.1"]) {
        const exit = yield* Effect.exit(R.dnsConfig({ nameservers: nameservers as never, resolvConf: files.resolvConf }))
        assert.deepStrictEqual(outcome(exit)[0], "ResolverSetupError", `nameservers ${JSON.stringify(nameservers)}`)
      }
    }).pipe(Effect.scoped))

  it.live("layerDns with a search list of the wrong type is a ResolverSetupError", () =>
    Effect.gen(function*() {
      const files = isolatedResolverFiles("127.0.0.1")
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(files.dir, { recursive: true, force: true })))
      for (const search of [5, "example.com", [1]]) {
        const exit = yield* Effect.exit(R.dnsConfig({ nameservers: ["127.0.0.1:9"], resolvConf: files.resolvConf, search: search as never }))
        assert.strictEqual(outcome(exit)[0], "ResolverSetupError", `search ${JSON.stringify(search)}`)
      }
      const ndots = yield* Effect.exit(R.dnsConfig({ nameservers: ["127.0.0.1:9"], resolvConf: files.resolvConf, ndots: "2" as never }))
      assert.strictEqual(outcome(ndots)[0], "ResolverSetupError", "ndots \"2\"")
    }).pipe(Effect.scoped))

  // The frontend checks family, type, proto and flags inside the Effect, as the OS resolver does.
  it.live("the dns resolver's getaddrinfo with BigInt flags fails as an Effect", () =>
    Effect.gen(function*() {
      const dns = yield* Effect.promise(() => startFakeDns())
      yield* Effect.addFinalizer(() => Effect.promise(() => dns.close()))
      const files = isolatedResolverFiles("127.0.0.1")
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(files.dir, { recursive: true, force: true })))
      const resolver = yield* R.makeDns({
        nameservers: [`127.0.0.1:${dns.port}`],
        hostsFile: files.hostsFile,
        resolvConf: files.resolvConf,
        timeout: 0.5,
        attempts: 1
      })
      let threw: unknown = undefined
      let exit: Exit.Exit<unknown, unknown> | undefined
      try {
        exit = yield* Effect.exit(resolver.getaddrinfo("name.invalid", 80, 0, 0, 0, 1n as never))
      } catch (e) {
        threw = e
      }
      assert.isUndefined(threw, `threw synchronously: ${String(threw)}`)
      assert.strictEqual(outcome(exit!)[0], "GaiError")
    }).pipe(Effect.scoped))

  // cached reads its options through `?? {}` and checks each bound.
  it.live("cached / layerCache with null options say so", () =>
    Effect.sync(() => {
      let message = ""
      try {
        R.cached(OsResolverForTest, null as never)
      } catch (e) {
        message = (e as Error).message
      }
      assert.notMatch(message, UNCLEAR)
    }))

  // Effect's Dns service takes a host string; anything else is a DnsError for that host.
  it.live("toEffectDns lookup with a non-string host is a DnsError, not a defect", () =>
    Effect.gen(function*() {
      const d = R.toEffectDns(OsResolverForTest) as unknown as { lookup: (h: unknown, f?: unknown) => Effect.Effect<unknown, unknown> }
      for (const host of [42, null, ["a"]]) {
        const [kind, message] = outcome(yield* Effect.exit(Effect.suspend(() => d.lookup(host))))
        assert.notStrictEqual(kind, "success")
        assert.notMatch(message, UNCLEAR, `lookup(${JSON.stringify(host)})`)
      }
    }))
})

describe("hosts files", () => {
  // macOS's default /etc/hosts has "fe80::1%lo0": the zone is kept apart when the address is normalised.
  it.live("a hosts file with a scoped IPv6 address parses, and the dns resolver still works over it", () =>
    Effect.gen(function*() {
      const table = R.Hosts.parse("127.0.0.1 localhost\nfe80::1%lo gateway-v6 gw6\n")
      assert.deepStrictEqual(table.byName.get("gw6")?.v6, ["fe80::1%lo"])
      const dns = yield* Effect.promise(() => startFakeDns())
      yield* Effect.addFinalizer(() => Effect.promise(() => dns.close()))
      const files = isolatedResolverFiles("127.0.0.1")
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(files.dir, { recursive: true, force: true })))
      const hostsFile = join(files.dir, "hosts-scoped")
      writeFileSync(hostsFile, "127.0.0.1 localhost\nfe80::1%lo gateway-v6\n")
      const resolver = yield* R.makeDns({ nameservers: [`127.0.0.1:${dns.port}`], hostsFile, resolvConf: files.resolvConf, timeout: 0.5, attempts: 1 })
      assert.strictEqual(yield* resolver.gethostbyname("localhost"), "127.0.0.1")
    }).pipe(Effect.scoped))
})
