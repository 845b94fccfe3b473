/**
 * Address and byte-order conversions, CPython's `inet_pton`, `inet_ntop`, `inet_aton`, `inet_ntoa`,
 * `htons`, `ntohs`, `htonl`, `ntohl`. The text conversions call the C library, as CPython does, so they
 * accept and print exactly what the platform's do (`inet_aton("127.1")`, `"::ffff:1.2.3.4"`).
 *
 * None of them blocks; each can fail on bad input, and bad input gets a typed error here: every one
 * is an `Effect` that fails with `SocketError` (EINVAL with CPython's message where CPython raises
 * `ValueError`, `TypeError`, `OverflowError` or an `OSError` without errno; the errno where CPython
 * gives one).
 *
 * @since 0.1.0
 */
import { SocketError } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { invalid } from "./address.ts"
import { AF_INET, AF_INET6 } from "./constants.ts"

const native = Native.native

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

const swap16 = (x: number): number => littleEndian ? ((x & 0xff) << 8) | (x >>> 8) : x
const swap32 = (x: number): number =>
  littleEndian ? (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0 : x

const notInt = (x: unknown): SocketError | undefined =>
  typeof x !== "number" || !Number.isInteger(x) ? invalid(`expected int, ${typeof x === "number" ? "float" : typeof x} found`) : undefined

const short = (name: string) => (x: number): Effect.Effect<number, SocketError> =>
  Effect.suspend(() => {
    const bad = notInt(x)
    if (bad !== undefined) return Effect.fail(bad)
    // CPython reads the argument as a C int first, then narrows it to 16 bits.
    if (x > 0x7fffffff) return Effect.fail(invalid("signed integer is greater than maximum"))
    if (x < -0x80000000) return Effect.fail(invalid("signed integer is less than minimum"))
    if (x < 0) return Effect.fail(invalid(`${name}: can't convert negative Python int to C 16-bit unsigned integer`))
    if (x > 0xffff) return Effect.fail(invalid(`${name}: Python int too large to convert to C 16-bit unsigned integer`))
    return Effect.succeed(swap16(x))
  })

const long = (x: number): Effect.Effect<number, SocketError> =>
  Effect.suspend(() => {
    const bad = notInt(x)
    if (bad !== undefined) return Effect.fail(bad)
    if (x < 0) return Effect.fail(invalid("can't convert negative value to unsigned int"))
    if (x > 0xffffffff) return Effect.fail(invalid("int larger than 32 bits"))
    return Effect.succeed(swap32(x))
  })

/**
 * A 16-bit integer from host to network byte order. Negative or over 0xffff: `SocketError` EINVAL
 * (CPython's OverflowError).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { htons } from "@greenfiber/socket"
 * Effect.runSync(htons(0x1234)) // 0x3412 on a little-endian host
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const htons: (x: number) => Effect.Effect<number, SocketError> = short("htons")

/**
 * A 16-bit integer from network to host byte order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ntohs } from "@greenfiber/socket"
 * Effect.runSync(ntohs(0x3412)) // 0x1234 on a little-endian host
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const ntohs: (x: number) => Effect.Effect<number, SocketError> = short("ntohs")

/**
 * A 32-bit integer from host to network byte order (an unsigned result). Negative or over 2^32-1:
 * `SocketError` EINVAL.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { htonl } from "@greenfiber/socket"
 * Effect.runSync(htonl(1)) // 16777216 on a little-endian host
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const htonl: (x: number) => Effect.Effect<number, SocketError> = long

/**
 * A 32-bit integer from network to host byte order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ntohl } from "@greenfiber/socket"
 * Effect.runSync(ntohl(16777216)) // 1 on a little-endian host
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const ntohl: (x: number) => Effect.Effect<number, SocketError> = long

/** A text argument for libc: CPython refuses an embedded NUL before calling it. */
const text = (s: unknown, name: string): SocketError | undefined =>
  typeof s !== "string"
    ? invalid(`${name}() argument must be str, not ${s === null ? "None" : typeof s}`)
    : s.includes("\0")
    ? invalid("embedded null character")
    : undefined

/**
 * The packed bytes of an address in text form for `family` (`AF_INET`: 4 bytes, `AF_INET6`: 16), as
 * `inet_pton(3)`. Text that is no address: `SocketError` EINVAL "illegal IP address string passed to
 * inet_pton"; another family: EAFNOSUPPORT, as in CPython.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { inetPton, AF_INET6 } from "@greenfiber/socket"
 * Effect.runSync(inetPton(AF_INET6, "::1")) // 15 zero bytes, then 1
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const inetPton = (family: number, ipString: string): Effect.Effect<Uint8Array, SocketError> =>
  Effect.suspend(() => {
    const bad = notInt(family) ?? text(ipString, "inet_pton")
    if (bad !== undefined) return Effect.fail(bad)
    const r = native.inetPton(family, ipString)
    if (typeof r !== "number") return Effect.succeed(r)
    if (r < 0) return Effect.fail(SocketError.fromErrno(-r, "inet_pton"))
    return Effect.fail(invalid("illegal IP address string passed to inet_pton"))
  })

/**
 * The text form of a packed address, as `inet_ntop(3)`. A length that is not the family's:
 * `SocketError` EINVAL "invalid length of packed IP address string"; a family other than `AF_INET`
 * and `AF_INET6`: EINVAL "unknown address family N" (CPython's ValueErrors).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { inetNtop, AF_INET } from "@greenfiber/socket"
 * Effect.runSync(inetNtop(AF_INET, new Uint8Array([127, 0, 0, 1]))) // "127.0.0.1"
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const inetNtop = (family: number, packedIp: Uint8Array): Effect.Effect<string, SocketError> =>
  Effect.suspend(() => {
    const bad = notInt(family)
    if (bad !== undefined) return Effect.fail(bad)
    if (!(packedIp instanceof Uint8Array)) return Effect.fail(invalid("inet_ntop() argument 2 must be a bytes-like object"))
    if (family !== AF_INET && family !== AF_INET6) return Effect.fail(invalid(`unknown address family ${family}`))
    if (packedIp.length !== (family === AF_INET ? 4 : 16)) return Effect.fail(invalid("invalid length of packed IP address string"))
    const r = native.inetNtop(family, packedIp)
    return typeof r === "number" ? Effect.fail(SocketError.fromErrno(-r, "inet_ntop")) : Effect.succeed(r)
  })

/**
 * The 4 packed bytes of an IPv4 address in any form `inet_aton(3)` takes (`"127.1"`, `"0x7f.1"`,
 * octal parts; anything after the address and a space is ignored, as by glibc). Otherwise:
 * `SocketError` EINVAL "illegal IP address string passed to inet_aton".
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { inetAton } from "@greenfiber/socket"
 * Effect.runSync(inetAton("127.1")) // Uint8Array [127, 0, 0, 1]
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const inetAton = (ipString: string): Effect.Effect<Uint8Array, SocketError> =>
  Effect.suspend(() => {
    const bad = text(ipString, "inet_aton")
    if (bad !== undefined) return Effect.fail(bad)
    const r = native.inetAton(ipString)
    return typeof r === "number" ? Effect.fail(invalid("illegal IP address string passed to inet_aton")) : Effect.succeed(r)
  })

/**
 * The dotted quad of 4 packed bytes. Another length: `SocketError` EINVAL "packed IP wrong length for
 * inet_ntoa".
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { inetNtoa } from "@greenfiber/socket"
 * Effect.runSync(inetNtoa(new Uint8Array([10, 0, 0, 1]))) // "10.0.0.1"
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const inetNtoa = (packedIp: Uint8Array): Effect.Effect<string, SocketError> =>
  Effect.suspend(() => {
    if (!(packedIp instanceof Uint8Array)) return Effect.fail(invalid("inet_ntoa() argument must be a bytes-like object"))
    if (packedIp.length !== 4) return Effect.fail(invalid("packed IP wrong length for inet_ntoa"))
    return Effect.succeed(`${packedIp[0]}.${packedIp[1]}.${packedIp[2]}.${packedIp[3]}`)
  })
