/**
 * Address checking and resolution: Python-shaped addresses are validated in TypeScript (a port outside
 * 0..65535 is `EINVAL` before the addon is called) and a host name goes through the `Resolver` service.
 * Numeric hosts never touch the resolver.
 *
 * @since 0.1.0
 */
import { type Address, type GaiError, Resolver, SocketError } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import { isIPv4, isIPv6 } from "node:net"
import { AF_INET, AF_INET6, AF_UNIX } from "./constants.ts"

/** @internal */
export const invalid = (message: string): SocketError => SocketError.invalid(message)

const isPort = (p: unknown): p is number => typeof p === "number" && Number.isInteger(p) && p >= 0 && p <= 65535

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v)

/**
 * Checks an address for `family` without resolving anything. Returns the address the addon takes, a
 * `SocketError` (EINVAL) for a malformed one, or `undefined` when the host is a name to resolve.
 *
 * @internal
 */
export const checkAddress = (family: number, address: unknown): Address | SocketError | undefined => {
  if (family === AF_UNIX) {
    if (typeof address === "string" || address instanceof Uint8Array) return address as Address
    return invalid("AF_UNIX address must be a str or bytes path")
  }
  if (family === AF_INET) {
    if (!Array.isArray(address) || address.length !== 2 || typeof address[0] !== "string") {
      return invalid("AF_INET address must be a tuple (host, port)")
    }
    if (!isPort(address[1])) return invalid("getsockaddrarg: port must be 0-65535.")
    const host = address[0]
    if (host === "" || isIPv4(host)) return address as unknown as Address
    if (host === "<broadcast>") return ["255.255.255.255", address[1]]
    return undefined
  }
  if (family === AF_INET6) {
    if (!Array.isArray(address) || address.length < 2 || address.length > 4 || typeof address[0] !== "string") {
      return invalid("AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
    }
    if (!isPort(address[1])) return invalid("getsockaddrarg: port must be 0-65535.")
    if (address.length > 2 && (!isInt(address[2]) || address[2] < 0 || address[2] > 0xfffff)) {
      return invalid("getsockaddrarg: flowinfo must be 0-1048575.")
    }
    if (address.length > 3 && (!isInt(address[3]) || address[3] < 0 || address[3] > 0xffffffff)) {
      return invalid("getsockaddrarg: scope_id must be 0-4294967295.")
    }
    const host = address[0]
    const bare = host.indexOf("%") >= 0 ? host.slice(0, host.indexOf("%")) : host
    if (host === "" || isIPv6(bare)) return address as unknown as Address
    return undefined
  }
  // Other families go to the addon unchanged; it answers EAFNOSUPPORT. A missing address cannot go on:
  // `undefined` from this function means "a host name to resolve".
  return address === undefined ? invalid("an address is required") : address as Address
}

/**
 * The address the addon takes for `family`: validated, with a host name resolved through `Resolver`
 * (the first address `getaddrinfo` gives for that family, as CPython's `setipaddr`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { resolveAddress, AF_INET } from "@greenfiber/socket"
 *
 * const program = resolveAddress(AF_INET, ["localhost", 80]) // ["127.0.0.1", 80]
 * ```
 * @since 0.1.0
 * @category addresses
 */
export const resolveAddress = (family: number, address: unknown): Effect.Effect<Address, SocketError | GaiError> => {
  const checked = checkAddress(family, address)
  if (checked === undefined) return resolveHost(family, address as ReadonlyArray<any>)
  if (checked instanceof SocketError) return Effect.fail(checked)
  return Effect.succeed(checked)
}

const resolveHost = (family: number, address: ReadonlyArray<any>): Effect.Effect<Address, GaiError> =>
  Resolver.use((resolver) =>
    Effect.map(resolver.getaddrinfo(address[0], address[1], family), (infos) => {
      const found = infos.find((info) => info[0] === family) ?? infos[0]!
      const resolved = found[4] as ReadonlyArray<any>
      if (family === AF_INET6) {
        return [resolved[0], address[1], address[2] ?? resolved[2] ?? 0, address[3] ?? resolved[3] ?? 0] as const
      }
      return [resolved[0], address[1]] as const
    }))
