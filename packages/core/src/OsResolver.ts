/**
 * The operating system's resolver (`getaddrinfo`/`getnameinfo`, hosts file and NSS included), either
 * on libuv's thread pool (`thread`, the default) or called synchronously (`blocking`, gevent's `block`:
 * it stalls every fiber while it runs).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { isIP } from "node:net"
import { GaiError, HError, SocketError } from "./Errors.ts"
import { native, type NativeAddrInfo, type NativeGaiFailure } from "./internal/native.ts"
import type { AddrInfo, HostEntry, ResolverService } from "./Resolver.ts"

const C = native.constants
const AF_INET = C.AF_INET!
const AF_INET6 = C.AF_INET6!
const AF_UNSPEC = C.AF_UNSPEC!
const EAI_SYSTEM = C.EAI_SYSTEM!

type Call = <A>(
  run: (cb: (result: A | NativeGaiFailure) => void) => number,
  sync: () => A | NativeGaiFailure,
  /** The answer when libuv refuses the arguments (UV_EINVAL) before any thread is asked. */
  refused?: () => A | NativeGaiFailure
) => Effect.Effect<A, GaiError>

const isFailure = (r: unknown): r is NativeGaiFailure => typeof r === "object" && r !== null && !Array.isArray(r)

const gaiError = (f: NativeGaiFailure): GaiError =>
  f.code === EAI_SYSTEM
    ? new GaiError({ errno: f.code, code: "EAI_SYSTEM", message: SocketError.fromErrno(f.errno || 5).message })
    : GaiError.fromCode(f.code)

const settle = <A>(r: A | NativeGaiFailure): Effect.Effect<A, GaiError> =>
  isFailure(r) ? Effect.fail(gaiError(r)) : Effect.succeed(r)

const blockingCall: Call = (_run, sync) => Effect.suspend(() => settle(sync()))

const UV_EINVAL = -(C.EINVAL ?? 22)

const threadCall: Call = <A>(run: (cb: (result: A | NativeGaiFailure) => void) => number, _sync: unknown, refused?: () => A | NativeGaiFailure) =>
  Effect.callback<A, GaiError>((resume) => {
    const started = run((result) => resume(settle(result)))
    if (started === UV_EINVAL && refused !== undefined) return resume(settle(refused()))
    if (started < 0) return resume(Effect.fail(gaiError({ code: EAI_SYSTEM, errno: -started })))
    // Interrupted, a lookup still queued leaves the thread pool at once, so it holds up neither later
    // lookups nor the process's exit. One a thread already runs cannot be stopped: its answer is dropped.
    return Effect.sync(() => {
      native.nameCancel(started)
    })
  })

const badArgs = (message: string) => Effect.fail(new GaiError({ errno: EAI_SYSTEM, code: "EAI_SYSTEM", message }))

const int = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v)

/**
 * Builds an OS resolver from a way to call the native functions (thread pool or synchronous).
 *
 * @internal
 */
const make = (name: string, call: Call): ResolverService => {
  const getaddrinfo = (
    host: string | null,
    port: string | number | null,
    family = 0,
    type = 0,
    proto = 0,
    flags = 0
  ): Effect.Effect<ReadonlyArray<AddrInfo>, GaiError> => {
    if (host !== null && typeof host !== "string") return badArgs("getaddrinfo() argument 1 must be a string or null")
    if (port !== null && port !== undefined && typeof port !== "string" && !int(port)) {
      return badArgs("getaddrinfo() port must be an integer, a string or null")
    }
    if (!int(family) || !int(type) || !int(proto) || !int(flags)) return badArgs("getaddrinfo() flags must be integers")
    // Python sends numeric ports as decimal strings; an empty host name means "no host" only for null.
    const service = port === null || port === undefined ? null : String(port)
    // glibc answers EAI_NONAME for "no host and no service"; libuv refuses the call before asking it.
    if ((host === null || host === undefined) && service === null) return Effect.fail(GaiError.fromCode(C.EAI_NONAME!))
    // A host libuv will not pass on (UV_EINVAL from its IDNA step: "" as C reads it, a name over 255
    // bytes) is one glibc answers EAI_NONAME without asking anyone: the OS answers it synchronously, with
    // AI_NUMERICHOST so no NSS module runs, after the flag, family and service checks glibc makes.
    const refused = () => native.getaddrinfoSync(host, service, family, type, proto, flags | C.AI_NUMERICHOST!)
    return call<Array<NativeAddrInfo>>(
      (cb) => native.getaddrinfoAsync(host, service, family, type, proto, flags, cb),
      () => native.getaddrinfoSync(host, service, family, type, proto, flags),
      refused
    )
  }

  const ipv4s = (host: string, flags: number) =>
    Effect.map(getaddrinfo(host, null, AF_INET, C.SOCK_STREAM!, 0, flags), (infos) => ({
      canonical: infos[0]?.[3] || host,
      addresses: [...new Set(infos.map((info) => (info[4] as readonly [string, number])[0]))]
    }))

  const gethostbyname = (host: string): Effect.Effect<string, GaiError> => {
    if (typeof host !== "string") return badArgs("gethostbyname() argument 1 must be a string")
    if (host === "") return Effect.succeed("0.0.0.0")
    if (host === "<broadcast>") return Effect.succeed("255.255.255.255")
    return Effect.map(ipv4s(host, 0), (r) => r.addresses[0]!)
  }

  const gethostbynameEx = (host: string): Effect.Effect<HostEntry, GaiError> => {
    if (typeof host !== "string") return badArgs("gethostbyname_ex() argument 1 must be a string")
    return Effect.map(ipv4s(host, C.AI_CANONNAME!), (r) => [r.canonical, [], r.addresses] as const)
  }

  const getnameinfo = (
    address: readonly [string, number] | readonly [string, number, number, number],
    flags: number
  ): Effect.Effect<readonly [string, string], GaiError> => {
    if (!Array.isArray(address) || address.length < 2 || address.length > 4 || typeof address[0] !== "string") {
      return badArgs("getnameinfo() argument 1 must be a tuple")
    }
    if (!int(address[1]) || address[1] < 0 || address[1] > 65535) return badArgs("getnameinfo(): port must be 0-65535.")
    if (!int(flags)) return badArgs("getnameinfo() argument 2 must be an integer")
    // CPython resolves the host with AI_NUMERICHOST first: a name here is EAI_NONAME.
    const version = isIP(address[0].split("%")[0]!)
    if (version === 0) return Effect.fail(GaiError.fromCode(C.EAI_NONAME!))
    if (version === 4 && address.length > 2) return badArgs("getnameinfo(): IPv4 sockaddr must be 2 tuple")
    const family = version === 4 ? AF_INET : AF_INET6
    return call<[string, string]>(
      (cb) => native.getnameinfoAsync(family, address, flags, cb),
      () => native.getnameinfoSync(family, address, flags)
    )
  }

  const gethostbyaddr = (ip: string): Effect.Effect<HostEntry, HError | GaiError> =>
    Effect.gen(function*() {
      if (typeof ip !== "string") return yield* badArgs("gethostbyaddr() argument 1 must be a string")
      const numeric = isIP(ip) !== 0
        ? ip
        : (yield* getaddrinfo(ip, null, AF_UNSPEC, C.SOCK_STREAM!))[0]![4] as readonly [string, number]
      const addr = typeof numeric === "string" ? numeric : numeric[0]
      const [hostname] = yield* getnameinfo([addr, 0], C.NI_NAMEREQD!).pipe(
        Effect.catchTag("GaiError", () => Effect.fail(new HError({ errno: 1, message: "Unknown host" })))
      )
      return [hostname, [], [addr]] as const
    })

  return { name, gethostbyname, gethostbynameEx, getaddrinfo, gethostbyaddr, getnameinfo }
}

/**
 * The OS resolver on libuv's thread pool: only the calling fiber waits. The default `Resolver`.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { OsResolver, Resolver } from "@greenfiber/core"
 *
 * const layer = Layer.succeed(Resolver, OsResolver.thread)
 * ```
 * @since 0.1.0
 * @category implementations
 */
export const thread: ResolverService = make("thread", threadCall)

/**
 * The OS resolver called synchronously: simple and exact, but every fiber stalls while it runs.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { OsResolver, Resolver } from "@greenfiber/core"
 *
 * const layer = Layer.succeed(Resolver, OsResolver.blocking)
 * ```
 * @since 0.1.0
 * @category implementations
 */
export const blocking: ResolverService = make("blocking", blockingCall)
