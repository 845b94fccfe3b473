/**
 * Turns a `Backend` (addresses of a name, names of an address) into a full `ResolverService` with
 * CPython's semantics, the way gevent's ares and dnspython resolvers do: numeric hosts, service names,
 * socket types, protocols and flags are checked and expanded by the OS `getaddrinfo`/`getnameinfo` with
 * `AI_NUMERICHOST`/`NI_NUMERICHOST` (no network is touched), so errors like EAI_SERVICE, EAI_SOCKTYPE
 * and EAI_FAMILY are exactly the OS's; only names go to the backend.
 *
 * The OS is never asked without `AI_NUMERICHOST`: a host that merely looks numeric (`0x1ffffffff`,
 * `1.2.3.0x100`) and that the OS does not parse as an address would otherwise send the OS resolver to the
 * system's name server, synchronously on the main thread and around the configured servers. Such a host
 * is a name, as glibc takes it, and goes to the backend.
 *
 * Host names follow one rule in every layer, the OS resolver's (glibc's, as CPython's `getaddrinfo`
 * passes them): a host is read up to its first NUL, as C reads the string the OS is given
 * (`"127.0.0.1\0x"` is `127.0.0.1`); `""` is EAI_NONAME for `getaddrinfo`; a name with a trailing dot
 * is absolute and compared as written (`localhost.` is not the hosts file's `localhost`: DNS is asked);
 * a label over 63 bytes, an empty label or a name over 255 bytes is EAI_NONAME without a packet sent.
 * CPython raises `UnicodeError` for the last from its `idna` codec before the OS is asked, and
 * `TypeError` for a NUL in `gethostbyname`/`gethostbyaddr`; greenfiber has no codec step, and gives
 * what glibc gives for the same bytes.
 *
 * Differences from glibc, documented: with `AF_UNSPEC` IPv4 addresses come before IPv6 ones (no RFC 6724
 * sorting); `AI_ADDRCONFIG` is ignored; `NI_NOFQDN` keeps the first label of the name.
 *
 * @since 0.1.0
 */
import { constants, GaiError, HError, OsResolver } from "@greenfiber/core"
import type { AddrInfo, HostEntry, ResolverService } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import * as Dns from "effect/net/Dns"
import { isIP } from "node:net"
import { type Backend, EAI_NODATA, type HostAnswer, type LookupFailure, type ReverseAnswer } from "./Backend.ts"

const C = constants
const AF_INET = C.AF_INET!
const AF_INET6 = C.AF_INET6!
const AF_UNSPEC = C.AF_UNSPEC!
const numeric = (host: string) => isIP(host.split("%")[0]!) !== 0
// inet_aton forms ("127.1", "0x7f.1") are numeric to glibc too.
const numericish = (host: string) => numeric(host) || /^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}$/i.test(host)

/** The OS told us this host is no address (EAI_NONAME under AI_NUMERICHOST): it is a name after all. */
const notNumeric = (e: GaiError) => e.errno === C.EAI_NONAME

/** A host as the OS reads it: up to the first NUL (a C string). */
const cString = <A>(host: A): A => (typeof host === "string" && host.includes("\0") ? host.slice(0, host.indexOf("\0")) as A : host)

const herror = (f: LookupFailure) =>
  f.error.errno === C.EAI_AGAIN ? new HError({ errno: 2, message: "Host name lookup failure" }) : new HError({ errno: 1, message: "Unknown host" })

/**
 * A resolver built on a backend, plus the TTL-aware entry points a cache uses.
 *
 * @since 0.1.0
 * @category models
 */
export interface BackendResolver extends ResolverService {
  readonly backend: Backend
  /**
   * The DNS records of one type at a name (absolute: no search list, no hosts file), as Effect's
   * `Dns.resolve` gives them; `Unsupported` when the backend queries no records.
   */
  readonly resolve: (name: string, type: Dns.RecordType) => Effect.Effect<ReadonlyArray<Dns.DnsRecord>, Dns.DnsError>
}

/**
 * Builds the resolver service for a backend. `os` is where numeric hosts, services and flags are
 * checked (the blocking OS resolver: with `AI_NUMERICHOST`, always passed, it touches no network);
 * tests pass one that records what it is asked.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Resolver } from "@greenfiber/core"
 * import { Backend, Frontend } from "@greenfiber/resolver"
 *
 * declare const backend: Backend.Backend
 * const layer = Layer.succeed(Resolver, Frontend.make(backend))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const make = (backend: Backend, os: ResolverService = OsResolver.blocking): BackendResolver => {
  const lookup = (host: string, family: number): Effect.Effect<HostAnswer, GaiError> =>
    Effect.mapError(backend.lookup(host, family), (f) => f.error)
  const reverse = (ip: string): Effect.Effect<ReverseAnswer, LookupFailure> => backend.reverse(ip)

  const getaddrinfo = (
    rawHost: string | null,
    port: string | number | null,
    family = 0,
    type = 0,
    proto = 0,
    flags = 0
  ): Effect.Effect<ReadonlyArray<AddrInfo>, GaiError> => {
    const host = cString(rawHost)
    // Anything the OS would reject (a non-integer flag, say) goes to it unchanged, for its exact error:
    // it rejects those before looking at the host. A null host is no lookup either.
    const ints = [family, type, proto, flags].every(Number.isInteger)
    if (!ints || typeof host !== "string") return os.getaddrinfo(host, port, family, type, proto, flags)
    const numericOnly = os.getaddrinfo(host, port, family, type, proto, flags | C.AI_NUMERICHOST!)
    if (host === "" || (flags & C.AI_NUMERICHOST!) !== 0 || numeric(host)) return numericOnly
    if (numericish(host)) return Effect.catchIf(numericOnly, notNumeric, () => byName(host, port, family, type, proto, flags))
    return byName(host, port, family, type, proto, flags)
  }

  const byName = (
    host: string,
    port: string | number | null,
    family: number,
    type: number,
    proto: number,
    flags: number
  ): Effect.Effect<ReadonlyArray<AddrInfo>, GaiError> => {
    const baseFlags = (flags & ~(C.AI_CANONNAME! | C.AI_ADDRCONFIG! | C.AI_V4MAPPED! | C.AI_ALL!)) | C.AI_NUMERICHOST!
    // The OS checks family, service, socket type and protocol before any name is looked up, and so do we.
    const probe = (fam: number) => os.getaddrinfo(fam === AF_INET6 ? "::1" : "127.0.0.1", port, fam, type, proto, baseFlags)
    return Effect.gen(function*() {
      yield* probe(family)
      const answer = yield* lookup(host, family)
      let v4 = family === AF_INET6 ? [] : answer.v4
      let v6 = family === AF_INET ? [] : answer.v6
      if (family === AF_INET6 && (flags & C.AI_V4MAPPED!) !== 0 && (v6.length === 0 || (flags & C.AI_ALL!) !== 0)) {
        v6 = [...v6, ...answer.v4.map((a) => `::ffff:${a}`)]
        v4 = []
      }
      const out: Array<AddrInfo> = []
      const expand = (templates: ReadonlyArray<AddrInfo>, addresses: ReadonlyArray<string>) => {
        for (const address of addresses) {
          for (const [f, t, p, , sa] of templates) {
            const tuple = sa as ReadonlyArray<number | string>
            const replaced = (tuple.length === 4 ? [address, tuple[1], tuple[2], tuple[3]] : [address, tuple[1]]) as unknown as AddrInfo[4]
            out.push([f, t, p, "", replaced])
          }
        }
      }
      if (v4.length > 0) expand(yield* probe(AF_INET), v4)
      if (v6.length > 0) expand(yield* probe(AF_INET6), v6)
      if (out.length === 0) return yield* Effect.fail(GaiError.fromCode(EAI_NODATA))
      if ((flags & C.AI_CANONNAME!) !== 0) {
        const [f, t, p, , sa] = out[0]!
        out[0] = [f, t, p, answer.canonical, sa]
      }
      return out
    })
  }

  /** The IPv4 addresses of a numeric host, as `gethostbyname` gives them, never a name lookup. */
  const numericV4 = (host: string, flags: number) =>
    Effect.map(os.getaddrinfo(host, null, AF_INET, C.SOCK_STREAM!, 0, flags | C.AI_NUMERICHOST!), (infos) => ({
      canonical: infos[0]?.[3] || host,
      addresses: [...new Set(infos.map((info) => (info[4] as readonly [string, number])[0]))]
    }))
  /** A numeric host from the OS; one that only looks numeric is a name, for the backend. */
  const numericOr = <A>(host: string, flags: number, f: (v4: { canonical: string; addresses: Array<string> }) => A, name: Effect.Effect<A, GaiError>) => {
    const parsed = Effect.map(numericV4(host, flags), f)
    if (numeric(host)) return parsed
    return Effect.catchIf(parsed, notNumeric, () => name)
  }

  const gethostbyname = (rawHost: string): Effect.Effect<string, GaiError> => {
    const host = cString(rawHost)
    // The OS answers these two without a lookup (0.0.0.0 and 255.255.255.255).
    if (typeof host !== "string" || host === "" || host === "<broadcast>") return os.gethostbyname(host)
    const name = Effect.map(lookup(host, AF_INET), (a) => a.v4[0]!)
    return numericish(host) ? numericOr(host, 0, (v4) => v4.addresses[0]!, name) : name
  }

  const gethostbynameEx = (rawHost: string): Effect.Effect<HostEntry, GaiError> => {
    const host = cString(rawHost)
    if (typeof host !== "string") return os.gethostbynameEx(host)
    const entry = (v4: { canonical: string; addresses: Array<string> }): HostEntry => [v4.canonical, [], v4.addresses] as const
    if (host === "") return Effect.map(numericV4(host, C.AI_CANONNAME!), entry)
    const name = Effect.map(lookup(host, AF_INET), (a): HostEntry => [a.canonical, a.aliases, a.v4] as const)
    return numericish(host) ? numericOr(host, C.AI_CANONNAME!, entry, name) : name
  }

  const gethostbyaddr = (rawIp: string): Effect.Effect<HostEntry, HError | GaiError> =>
    Effect.gen(function*() {
      const ip = cString(rawIp)
      if (typeof ip !== "string") return yield* os.gethostbyaddr(ip)
      let addr: string
      if (numeric(ip)) {
        addr = ip
      } else {
        const infos = yield* getaddrinfo(ip, null, AF_UNSPEC, C.SOCK_STREAM!)
        addr = (infos[0]![4] as readonly [string, number])[0]
      }
      const answer = yield* Effect.mapError(reverse(addr.split("%")[0]!), herror)
      return [answer.names[0], answer.names.slice(1), [addr]] as const
    })

  const getnameinfo = (
    address: readonly [string, number] | readonly [string, number, number, number],
    flags: number
  ): Effect.Effect<readonly [string, string], GaiError> =>
    Effect.gen(function*() {
      // NI_NAMEREQD is ours to apply when the name is ours to find: with the NI_NUMERICHOST we add, the OS
      // would refuse every address for it. Asked by the caller together, the OS's EAI_NONAME is right.
      const osFlags = typeof flags !== "number" || (flags & C.NI_NUMERICHOST!) !== 0 ? flags : (flags & ~C.NI_NAMEREQD!) | C.NI_NUMERICHOST!
      const [host, serv] = yield* os.getnameinfo(address, osFlags)
      if ((flags & C.NI_NUMERICHOST!) !== 0) return [host, serv] as const
      const found = yield* Effect.result(reverse(host.split("%")[0]!))
      if (found._tag === "Failure") {
        if ((flags & C.NI_NAMEREQD!) === 0) return [host, serv] as const
        return yield* Effect.fail(GaiError.fromCode(found.failure.error.errno === C.EAI_AGAIN ? C.EAI_AGAIN! : C.EAI_NONAME!))
      }
      let name: string = found.success.names[0]
      if ((flags & C.NI_NOFQDN!) !== 0) name = name.split(".")[0]!
      return [name, serv] as const
    })

  const resolve = (name: string, type: Dns.RecordType): Effect.Effect<ReadonlyArray<Dns.DnsRecord>, Dns.DnsError> =>
    backend.resolve !== undefined
      ? backend.resolve(name, type)
      : Effect.fail(new Dns.DnsError({ reason: "Unsupported", method: "resolve", hostname: name, recordType: type }))

  return { name: backend.name, backend, gethostbyname, gethostbynameEx, getaddrinfo, gethostbyaddr, getnameinfo, resolve }
}
