/**
 * DNS records as Effect's `effect/net/Dns` defines them (A, AAAA, CAA, CNAME, MX, NAPTR, NS, PTR, SOA,
 * SRV, TLSA, TXT), made from the wire records `Codec` decodes: what `layerDns` answers record queries
 * with, and what `layerEffectDns` hands to `Dns.resolve`.
 *
 * Conversions follow `@effect/platform-node`'s `NodeDns`, so a program gets the same values from either:
 * names are fully qualified, with a trailing dot; character strings (TXT chunks, CAA values, NAPTR
 * fields) are decoded as UTF-8, bytes that are not UTF-8 becoming U+FFFD; a CAA record is `critical`
 * when its flags' bit 7 is set. A record whose data cannot be represented (a target that is no valid
 * `Host.DomainName`, such as the root `.` of an SRV "no service here", an empty TXT or TLSA) is
 * skipped; when every record of an answer is, the query fails with `InvalidResponse`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Dns from "effect/net/Dns"
import * as Host from "effect/net/Host"
import * as NetAddress from "effect/net/NetAddress"
import * as Result from "effect/Result"
import * as Codec from "./Codec.ts"

/**
 * The wire type of each record type Effect's `Dns` defines.
 *
 * @example
 * ```ts
 * import { Records } from "@greenfiber/resolver"
 * Records.typeCode.TXT // 16
 * ```
 * @since 0.1.0
 * @category constants
 */
export const typeCode: { readonly [K in Dns.RecordType]: number } = {
  A: Codec.TYPE_A,
  AAAA: Codec.TYPE_AAAA,
  CAA: Codec.TYPE_CAA,
  CNAME: Codec.TYPE_CNAME,
  MX: Codec.TYPE_MX,
  NAPTR: Codec.TYPE_NAPTR,
  NS: Codec.TYPE_NS,
  PTR: Codec.TYPE_PTR,
  SOA: Codec.TYPE_SOA,
  SRV: Codec.TYPE_SRV,
  TLSA: Codec.TYPE_TLSA,
  TXT: Codec.TYPE_TXT
}

const decoder = new TextDecoder()

/**
 * A name as `Codec` writes it (presentation format, no trailing dot) as text: `\DDD` bytes decoded as
 * UTF-8, `\.` and `\\` kept (a dot or backslash inside a label), and the trailing dot of a fully
 * qualified name added.
 *
 * @example
 * ```ts
 * import { Records } from "@greenfiber/resolver"
 * Records.nameText("john\\.doe.example.test") // "john\\.doe.example.test."
 * Records.nameText("caf\\195\\169.test") // "café.test."
 * ```
 * @since 0.1.0
 * @category converting
 */
export const nameText = (name: string): string => {
  if (!name.includes("\\")) return `${name}.`
  const bytes: Array<number> = []
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c !== 0x5c) {
      bytes.push(c)
      continue
    }
    const digits = /^[0-9]{3}/.exec(name.slice(i + 1, i + 4))
    const byte = digits ? Number(digits[0]) : name.charCodeAt(i + 1)
    i += digits ? 3 : 1
    if (byte === 0x2e || byte === 0x5c) bytes.push(0x5c)
    bytes.push(byte)
  }
  return `${decoder.decode(Uint8Array.from(bytes))}.`
}

const domain = (name: string): Host.DomainName => Host.domainNameFromStringUnsafe(nameText(name))

const fields = (rr: Codec.ResourceRecord): readonly [Dns.RecordType, unknown] | undefined => {
  const d = rr.data
  switch (d._tag) {
    case "A":
    case "AAAA":
      return [d._tag, { address: NetAddress.ipFromStringUnsafe(d.address) }]
    case "Name":
      if (rr.type === Codec.TYPE_CNAME) return ["CNAME", { target: domain(d.name) }]
      if (rr.type === Codec.TYPE_NS) return ["NS", { host: domain(d.name) }]
      return ["PTR", { host: nameText(d.name) }]
    case "SOA":
      return ["SOA", {
        primary: domain(d.mname),
        admin: nameText(d.rname),
        serial: d.serial,
        refresh: Duration.seconds(d.refresh),
        retry: Duration.seconds(d.retry),
        expire: Duration.seconds(d.expire),
        minimum: Duration.seconds(d.minimum)
      }]
    case "MX":
      return ["MX", { exchange: domain(d.exchange), priority: d.preference }]
    case "TXT":
      return ["TXT", { chunks: d.chunks.map((chunk) => decoder.decode(chunk)) }]
    case "SRV":
      return ["SRV", { target: domain(d.target), port: d.port, priority: d.priority, weight: d.weight }]
    case "NAPTR":
      return ["NAPTR", {
        order: d.order,
        preference: d.preference,
        flags: decoder.decode(d.flags),
        service: decoder.decode(d.service),
        regexp: decoder.decode(d.regexp),
        replacement: domain(d.replacement)
      }]
    case "TLSA":
      return ["TLSA", { certUsage: d.usage, selector: d.selector, matchingType: d.matchingType, data: d.data }]
    case "CAA":
      // Only the issuer critical flag (bit 7) is defined (RFC 8659 4.1); the other bits are reserved.
      return ["CAA", { critical: (d.flags & 0x80) !== 0, tag: d.tag, value: decoder.decode(d.value) }]
    case "Raw":
      return undefined
  }
}

/**
 * Effect `Dns` records of `type` from wire records (those of other types are left out), failing with
 * `InvalidResponse` when there were records of the type but none could be represented.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Codec, Records } from "@greenfiber/resolver"
 * const mx: Codec.ResourceRecord = {
 *   name: "x.test", type: Codec.TYPE_MX, class: Codec.CLASS_IN, ttl: 60,
 *   data: { _tag: "MX", preference: 10, exchange: "mail.x.test" }
 * }
 * Records.fromWire("x.test", "MX", [mx]) // Result.succeed([Mx { exchange: "mail.x.test.", priority: 10 }])
 * ```
 * @since 0.1.0
 * @category converting
 */
export const fromWire = <T extends Dns.RecordType>(
  name: string,
  type: T,
  rrs: ReadonlyArray<Codec.ResourceRecord>
): Result.Result<Array<Dns.RecordFor<T>>, Dns.DnsError> => {
  const records: Array<Dns.RecordFor<T>> = []
  let skipped: unknown
  let seen = false
  for (const rr of rrs) {
    if (rr.type !== typeCode[type]) continue
    seen = true
    const made = Result.try(() => {
      const f = fields(rr)
      if (f === undefined || f[0] !== type) throw new Error(`${type} record data of another kind`)
      return Dns.makeRecordUnsafe(type, f[1] as Dns.RecordFields<T>)
    })
    if (Result.isSuccess(made)) records.push(made.success)
    else skipped ??= made.failure
  }
  if (seen && records.length === 0) {
    return Result.fail(new Dns.DnsError({ reason: "InvalidResponse", method: "resolve", hostname: name, recordType: type, cause: skipped }))
  }
  return Result.succeed(records)
}
