import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { constants as C, DefaultTimeout, GaiError, HError, OsResolver, Resolver, withDefaultTimeout } from "@greenfiber/core"

describe("Resolver default", () => {
  it.live("works without any layer (OS resolver on the thread pool)", () =>
    Effect.gen(function*() {
      const resolver = yield* Resolver
      assert.strictEqual(resolver.name, "thread")
      assert.strictEqual(yield* resolver.gethostbyname("localhost"), "127.0.0.1")
      const infos = yield* resolver.getaddrinfo("127.0.0.1", 8080, C.AF_INET!, C.SOCK_STREAM!)
      assert.deepStrictEqual(infos, [[C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["127.0.0.1", 8080]]])
      const none = yield* Effect.flip(resolver.getaddrinfo(null, null))
      assert.strictEqual(none.code, "EAI_NONAME")
      const error = yield* Effect.flip(resolver.getaddrinfo("no-such-host", null, 0, 0, 0, C.AI_NUMERICHOST!))
      assert.instanceOf(error, GaiError)
      assert.strictEqual(error.code, "EAI_NONAME")
      assert.deepStrictEqual(yield* resolver.getnameinfo(["127.0.0.1", 80], C.NI_NUMERICHOST! | C.NI_NUMERICSERV!), [
        "127.0.0.1",
        "80"
      ])
      const [name, , addrs] = yield* resolver.gethostbyaddr("127.0.0.1")
      assert.strictEqual(name, "localhost")
      assert.deepStrictEqual(addrs, ["127.0.0.1"])
    }))

  it.live("the blocking resolver gives the same answers", () =>
    Effect.gen(function*() {
      const resolver = yield* Resolver
      assert.strictEqual(resolver.name, "blocking")
      assert.strictEqual(yield* resolver.gethostbyname("127.0.0.1"), "127.0.0.1")
      const [canonical, aliases, addrs] = yield* resolver.gethostbynameEx("localhost")
      assert.strictEqual(canonical, "localhost")
      assert.deepStrictEqual([aliases, addrs], [[], ["127.0.0.1"]])
      const error = yield* Effect.flip(resolver.getnameinfo(["not-an-ip", 80], 0))
      assert.strictEqual(error.code, "EAI_NONAME")
    }).pipe(Effect.provide(Layer.succeed(Resolver, OsResolver.blocking))))

  it.live("gethostbyaddr of an address without a name is HError", () =>
    Effect.gen(function*() {
      const resolver = yield* Resolver
      // 192.0.2.0/24 is TEST-NET-1: numeric, so no query is needed to know it has no hosts entry;
      // NI_NAMEREQD makes glibc consult hosts first and DNS only through NSS, which is local here.
      const error = yield* Effect.flip(resolver.gethostbyaddr("::2"))
      assert.instanceOf(error, HError)
      assert.strictEqual((error as HError).message, "Unknown host")
    }).pipe(Effect.provide(Layer.succeed(Resolver, OsResolver.blocking))))
})

describe("DefaultTimeout", () => {
  it.effect("is null unless set, and withDefaultTimeout scopes a value", () =>
    Effect.gen(function*() {
      assert.isNull(yield* DefaultTimeout)
      assert.strictEqual(yield* withDefaultTimeout(2.5)(DefaultTimeout), 2.5)
      assert.strictEqual(yield* withDefaultTimeout("1 second" as never)(DefaultTimeout).pipe(Effect.flip, Effect.map((e) => e.code)), "EINVAL")
      const error = yield* Effect.flip(withDefaultTimeout(-1)(DefaultTimeout))
      assert.strictEqual(error.code, "EINVAL")
      assert.isNull(yield* DefaultTimeout)
    }))
})
