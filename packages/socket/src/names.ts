/**
 * Python's module-level name functions. Every lookup goes through the `Resolver` service from
 * `@greenfiber/core` (the OS resolver on libuv's thread pool unless a layer provides another).
 *
 * @since 0.1.0
 */
import { type AddrInfo, type GaiError, type HError, type HostEntry, Resolver, SocketError } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { AF_INET6, SOCK_STREAM } from "./constants.ts"

const native = Native.native

/**
 * `getaddrinfo(host, port, family?, type?, proto?, flags?)`: `[family, type, proto, canonname, address]`
 * entries, from the current `Resolver`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { getaddrinfo, SOCK_STREAM } from "@greenfiber/socket"
 *
 * const program = getaddrinfo("localhost", 80, 0, SOCK_STREAM)
 * // [[2, 1, 6, "", ["127.0.0.1", 80]], ...]
 * ```
 * @since 0.1.0
 * @category names
 */
export const getaddrinfo = (
  host: string | null,
  port: string | number | null,
  family = 0,
  type = 0,
  proto = 0,
  flags = 0
): Effect.Effect<ReadonlyArray<AddrInfo>, GaiError> =>
  Resolver.use((r) => r.getaddrinfo(host, port, family, type, proto, flags))

/**
 * One IPv4 address of `host` as a dotted quad.
 *
 * @example
 * ```ts
 * import { gethostbyname } from "@greenfiber/socket"
 * const program = gethostbyname("localhost") // "127.0.0.1"
 * ```
 * @since 0.1.0
 * @category names
 */
export const gethostbyname = (host: string): Effect.Effect<string, GaiError> =>
  Resolver.use((r) => r.gethostbyname(host))

/**
 * `[hostname, aliases, ipv4s]` for `host`.
 *
 * @example
 * ```ts
 * import { gethostbynameEx } from "@greenfiber/socket"
 * const program = gethostbynameEx("localhost") // ["localhost", [], ["127.0.0.1"]]
 * ```
 * @since 0.1.0
 * @category names
 */
export const gethostbynameEx = (host: string): Effect.Effect<HostEntry, GaiError> =>
  Resolver.use((r) => r.gethostbynameEx(host))

/**
 * `[hostname, aliases, addresses]` for an address (a name is resolved first).
 *
 * @example
 * ```ts
 * import { gethostbyaddr } from "@greenfiber/socket"
 * const program = gethostbyaddr("127.0.0.1") // ["localhost", [], ["127.0.0.1"]]
 * ```
 * @since 0.1.0
 * @category names
 */
export const gethostbyaddr = (ip: string): Effect.Effect<HostEntry, HError | GaiError> =>
  Resolver.use((r) => r.gethostbyaddr(ip))

/**
 * `[host, port]` for a socket address, with `NI_*` flags.
 *
 * @example
 * ```ts
 * import { getnameinfo, NI_NUMERICHOST, NI_NUMERICSERV } from "@greenfiber/socket"
 * const program = getnameinfo(["127.0.0.1", 80], NI_NUMERICHOST | NI_NUMERICSERV) // ["127.0.0.1", "80"]
 * ```
 * @since 0.1.0
 * @category names
 */
export const getnameinfo = (
  address: readonly [string, number] | readonly [string, number, number, number],
  flags: number
): Effect.Effect<readonly [string, string], GaiError> => Resolver.use((r) => r.getnameinfo(address, flags))

/**
 * The machine's host name (`gethostname(2)`).
 *
 * @example
 * ```ts
 * import { gethostname } from "@greenfiber/socket"
 * const program = gethostname() // "myhost"
 * ```
 * @since 0.1.0
 * @category names
 */
export const gethostname = (): Effect.Effect<string, SocketError> =>
  Effect.suspend(() => {
    const r = native.gethostname()
    return typeof r === "number" ? Effect.fail(SocketError.fromErrno(-r, "gethostname")) : Effect.succeed(r)
  })

/**
 * A fully qualified name for `name` (default: this host), CPython's `getfqdn`: the first name with a
 * dot among the host name and aliases `gethostbyaddr` gives, else that host name, else `name`.
 *
 * @example
 * ```ts
 * import { getfqdn } from "@greenfiber/socket"
 * const program = getfqdn("127.0.0.1") // "localhost"
 * ```
 * @since 0.1.0
 * @category names
 */
export const getfqdn = (name = ""): Effect.Effect<string, SocketError> =>
  Effect.gen(function*() {
    if (typeof name !== "string") return yield* Effect.die(new TypeError("getfqdn() argument must be a string"))
    let host = name.trim()
    // As CPython: "", the IPv4 and the IPv6 any-address all name this host.
    if (host === "" || host === "0.0.0.0" || host === "::") host = yield* gethostname()
    const entry = yield* Effect.option(gethostbyaddr(host))
    if (entry._tag === "None") return host
    const [hostname, aliases] = entry.value
    for (const candidate of [hostname, ...aliases]) {
      if (candidate.includes(".")) return candidate
    }
    return hostname
  })

/**
 * Whether this host can open IPv6 sockets (checked once, at load).
 *
 * @example
 * ```ts
 * import { hasIpv6 } from "@greenfiber/socket"
 * if (hasIpv6) console.log("IPv6 available")
 * ```
 * @since 0.1.0
 * @category constants
 */
export const hasIpv6: boolean = (() => {
  const fd = native.socket(AF_INET6, SOCK_STREAM, 0)
  if (fd < 0) return false
  native.fdClose(fd)
  return true
})()
