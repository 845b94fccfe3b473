/**
 * A small DNS message codec (RFC 1035, RFC 3596): just what a stub resolver needs. Queries are encoded
 * with one question; responses are decoded into header, questions and resource records, with name
 * compression followed safely (pointer loops, out-of-range offsets and over-long names are rejected).
 * Decoding never throws: every malformed input gives a `DecodeError`.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Result from "effect/Result"

/** Record type A. @since 0.1.0 @category constants */
export const TYPE_A = 1
/** Record type NS. @since 0.1.0 @category constants */
export const TYPE_NS = 2
/** Record type CNAME. @since 0.1.0 @category constants */
export const TYPE_CNAME = 5
/** Record type SOA. @since 0.1.0 @category constants */
export const TYPE_SOA = 6
/** Record type PTR. @since 0.1.0 @category constants */
export const TYPE_PTR = 12
/** Record type MX. @since 0.1.0 @category constants */
export const TYPE_MX = 15
/** Record type TXT. @since 0.1.0 @category constants */
export const TYPE_TXT = 16
/** Record type AAAA. @since 0.1.0 @category constants */
export const TYPE_AAAA = 28
/** Record type SRV (RFC 2782). @since 0.1.0 @category constants */
export const TYPE_SRV = 33
/** Record type NAPTR (RFC 3403). @since 0.1.0 @category constants */
export const TYPE_NAPTR = 35
/** Record type TLSA (RFC 6698). @since 0.1.0 @category constants */
export const TYPE_TLSA = 52
/** Record type CAA (RFC 8659). @since 0.1.0 @category constants */
export const TYPE_CAA = 257
/** Record type OPT, EDNS0's pseudo-record (RFC 6891). @since 0.1.0 @category constants */
export const TYPE_OPT = 41
/** Class IN. @since 0.1.0 @category constants */
export const CLASS_IN = 1

/** Response code: no error. @since 0.1.0 @category constants */
export const RCODE_NOERROR = 0
/** Response code: format error. @since 0.1.0 @category constants */
export const RCODE_FORMERR = 1
/** Response code: server failure. @since 0.1.0 @category constants */
export const RCODE_SERVFAIL = 2
/** Response code: the name does not exist. @since 0.1.0 @category constants */
export const RCODE_NXDOMAIN = 3
/** Response code: not implemented. @since 0.1.0 @category constants */
export const RCODE_NOTIMP = 4
/** Response code: refused. @since 0.1.0 @category constants */
export const RCODE_REFUSED = 5

/**
 * A malformed name or message.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Codec } from "@greenfiber/resolver"
 * const r = Codec.decodeMessage(new Uint8Array(3)) // Result.fail(DecodeError { reason: "short header" })
 * ```
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Data.TaggedError("DecodeError")<{ readonly reason: string }> {}

/**
 * A question: name (no trailing dot, as written on the wire), type and class.
 *
 * @since 0.1.0
 * @category models
 */
export interface Question {
  readonly name: string
  readonly type: number
  readonly class: number
}

/**
 * A decoded record's data: addresses as text, names for CNAME/PTR/NS, the fields of SOA, MX, SRV,
 * NAPTR, TLSA and CAA, the character strings of TXT, raw bytes otherwise. Names are in presentation
 * format without the trailing dot (`\.` and `\DDD` escapes for bytes that need them); character
 * strings stay bytes, since DNS gives them no encoding (the Effect `Dns` layer decodes them as UTF-8).
 *
 * @since 0.1.0
 * @category models
 */
export type RecordData =
  | { readonly _tag: "A"; readonly address: string }
  | { readonly _tag: "AAAA"; readonly address: string }
  | { readonly _tag: "Name"; readonly name: string }
  | {
    readonly _tag: "SOA"
    readonly mname: string
    readonly rname: string
    readonly serial: number
    readonly refresh: number
    readonly retry: number
    readonly expire: number
    readonly minimum: number
  }
  | { readonly _tag: "MX"; readonly preference: number; readonly exchange: string }
  | { readonly _tag: "TXT"; readonly chunks: ReadonlyArray<Uint8Array> }
  | { readonly _tag: "SRV"; readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }
  | {
    readonly _tag: "NAPTR"
    readonly order: number
    readonly preference: number
    readonly flags: Uint8Array
    readonly service: Uint8Array
    readonly regexp: Uint8Array
    readonly replacement: string
  }
  | { readonly _tag: "TLSA"; readonly usage: number; readonly selector: number; readonly matchingType: number; readonly data: Uint8Array }
  | { readonly _tag: "CAA"; readonly flags: number; readonly tag: string; readonly value: Uint8Array }
  | { readonly _tag: "Raw"; readonly bytes: Uint8Array }

/**
 * A resource record.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResourceRecord {
  readonly name: string
  readonly type: number
  readonly class: number
  readonly ttl: number
  readonly data: RecordData
}

/**
 * A DNS message, header flags unpacked.
 *
 * @since 0.1.0
 * @category models
 */
export interface Message {
  readonly id: number
  readonly qr: boolean
  readonly opcode: number
  readonly aa: boolean
  readonly tc: boolean
  readonly rd: boolean
  readonly ra: boolean
  readonly rcode: number
  readonly questions: ReadonlyArray<Question>
  readonly answers: ReadonlyArray<ResourceRecord>
  readonly authorities: ReadonlyArray<ResourceRecord>
  readonly additionals: ReadonlyArray<ResourceRecord>
}

const MAX_NAME = 255

class Fail {
  readonly reason: string
  constructor(reason: string) {
    this.reason = reason
  }
}

const fail = (reason: string): never => {
  throw new Fail(reason)
}

/**
 * Splits a name into wire labels (a trailing dot is allowed, `""` and `"."` are the root). Fails on an
 * empty label, a label over 63 bytes, a name over 255 bytes on the wire or a non-ASCII character.
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.labels("www.example.com.") // Result.succeed(["www", "example", "com"])
 * ```
 * @since 0.1.0
 * @category encoding
 */
export const labels = (name: string): Result.Result<ReadonlyArray<string>, DecodeError> => {
  if (name === "" || name === ".") return Result.succeed([])
  // Presentation format: `\.`, `\\` and `\DDD` escapes stand for one byte each (as the decoder writes them).
  const parts: Array<string> = []
  let label = ""
  let length = 1
  const bad = (reason: string) => Result.fail(new DecodeError({ reason }))
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c === 0x2e) {
      if (label.length === 0) return bad("empty label")
      parts.push(label)
      length += label.length + 1
      label = ""
      continue
    }
    if (c === 0x5c) {
      const digits = /^[0-9]{3}/.exec(name.slice(i + 1, i + 4))
      if (digits) {
        const byte = Number(digits[0])
        if (byte > 255) return bad("invalid escape in label")
        label += String.fromCharCode(byte)
        i += 3
      } else if (i + 1 < name.length && name.charCodeAt(i + 1) > 0x20 && name.charCodeAt(i + 1) < 0x7f) {
        label += name[i + 1]
        i += 1
      } else {
        return bad("invalid escape in label")
      }
    } else if (c > 0x20 && c < 0x7f) {
      label += name[i]
    } else {
      return bad("invalid character in label")
    }
    if (label.length > 63) return bad("label longer than 63 bytes")
  }
  if (label.length > 0) {
    parts.push(label)
    length += label.length + 1
  }
  if (length > MAX_NAME) return bad("name longer than 255 bytes")
  return Result.succeed(parts)
}

class Writer {
  buf = new Uint8Array(512)
  len = 0
  ensure(n: number) {
    if (this.len + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n))
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }
  u8(v: number) {
    this.ensure(1)
    this.buf[this.len++] = v & 0xff
  }
  u16(v: number) {
    this.u8(v >> 8)
    this.u8(v)
  }
  u32(v: number) {
    this.u16((v >>> 16) & 0xffff)
    this.u16(v & 0xffff)
  }
  bytes(b: Uint8Array) {
    this.ensure(b.length)
    this.buf.set(b, this.len)
    this.len += b.length
  }
  /** A character string (RFC 1035 3.3): a length byte, then at most 255 bytes. */
  string(b: Uint8Array) {
    if (b.length > 255) fail("character string longer than 255 bytes")
    this.u8(b.length)
    this.bytes(b)
  }
  name(parts: ReadonlyArray<string>) {
    for (const p of parts) {
      this.u8(p.length)
      for (let i = 0; i < p.length; i++) this.u8(p.charCodeAt(i))
    }
    this.u8(0)
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.len)
  }
}

const nameParts = (name: string): ReadonlyArray<string> => {
  const r = labels(name)
  return Result.isFailure(r) ? fail(r.failure.reason) : r.success
}

const ipv4Bytes = (address: string): Uint8Array => {
  const parts = address.split(".").map(Number)
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) fail("bad IPv4 address")
  return Uint8Array.from(parts)
}

/**
 * The 16 bytes of an IPv6 address in text form (`::` and an embedded IPv4 tail are understood).
 * Throws `DecodeError` for text that is not an IPv6 address.
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.ipv6Bytes("::1") // Uint8Array(16) [0, ..., 0, 1]
 * ```
 * @since 0.1.0
 * @category encoding
 */
export const ipv6Bytes = (address: string): Uint8Array => {
  try {
    return ipv6BytesUnsafe(address)
  } catch (e) {
    throw e instanceof Fail ? new DecodeError({ reason: e.reason }) : e
  }
}

const ipv6BytesUnsafe = (address: string): Uint8Array => {
  const out = new Uint8Array(16)
  let text = address.split("%")[0]!
  const lastColon = text.lastIndexOf(":")
  if (lastColon < 0) fail("bad IPv6 address")
  if (text.slice(lastColon + 1).includes(".")) {
    // An embedded IPv4 tail becomes the last two groups.
    const v4 = ipv4Bytes(text.slice(lastColon + 1))
    text = `${text.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`
  }
  const halves = text.split("::")
  if (halves.length > 2) fail("bad IPv6 address")
  const head = halves[0] ? halves[0].split(":") : []
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : []
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0
  if (fill < 0 || (halves.length === 2 && fill < 1)) fail("bad IPv6 address")
  const hex = /^[0-9a-fA-F]{1,4}$/
  if (![...head, ...rest].every((h) => hex.test(h))) fail("bad IPv6 address")
  const groups = [...head.map((h) => parseInt(h, 16)), ...new Array<number>(fill).fill(0), ...rest.map((h) => parseInt(h, 16))]
  if (groups.length !== 8) fail("bad IPv6 address")
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8
    out[i * 2 + 1] = g & 0xff
  })
  return out
}

/**
 * The canonical text of 16 IPv6 bytes (RFC 5952: lower case, longest zero run as `::`).
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.formatIpv6(Codec.ipv6Bytes("2001:db8:0:0:0:0:0:1")) // "2001:db8::1"
 * ```
 * @since 0.1.0
 * @category decoding
 */
export const formatIpv6 = (b: Uint8Array): string => {
  const g: Array<number> = []
  for (let i = 0; i < 16; i += 2) g.push((b[i]! << 8) | b[i + 1]!)
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > bestLen && j - i > 1) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  // IPv4-mapped addresses keep their dotted tail, as inet_ntop writes them.
  if (bestStart === 0 && bestLen === 5 && g[5] === 0xffff) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`
  const hex = g.map((x) => x.toString(16))
  if (bestStart < 0) return hex.join(":")
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`
}

/**
 * The OPT pseudo-record of EDNS0 (RFC 6891) offering a UDP payload of `payload` bytes: version 0, no
 * flags, no options.
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.opt(1232) // { name: "", type: 41, class: 1232, ttl: 0, data: { _tag: "Raw", bytes: Uint8Array(0) } }
 * ```
 * @since 0.1.0
 * @category encoding
 */
export const opt = (payload: number): ResourceRecord => ({ name: "", type: TYPE_OPT, class: payload, ttl: 0, data: { _tag: "Raw", bytes: new Uint8Array(0) } })

/**
 * Encodes a standard query with one question and RD set; with `payload`, an EDNS0 OPT record offering
 * UDP replies of that many bytes.
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * const bytes = Codec.encodeQuery(0x1234, "example.com", Codec.TYPE_A) // Result<Uint8Array, DecodeError>
 * const edns = Codec.encodeQuery(0x1234, "example.com", Codec.TYPE_A, Codec.CLASS_IN, 1232)
 * ```
 * @since 0.1.0
 * @category encoding
 */
export const encodeQuery = (id: number, name: string, type: number, qclass = CLASS_IN, payload?: number): Result.Result<Uint8Array, DecodeError> =>
  encodeMessage({
    id,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: true,
    ra: false,
    rcode: 0,
    questions: [{ name, type, class: qclass }],
    answers: [],
    authorities: [],
    additionals: payload === undefined ? [] : [opt(payload)]
  })

const writeRecord = (w: Writer, rr: ResourceRecord) => {
  w.name(nameParts(rr.name))
  w.u16(rr.type)
  w.u16(rr.class)
  w.u32(rr.ttl >>> 0)
  const data = new Writer()
  const d = rr.data
  switch (d._tag) {
    case "A":
      data.bytes(ipv4Bytes(d.address))
      break
    case "AAAA":
      data.bytes(ipv6BytesUnsafe(d.address))
      break
    case "Name":
      data.name(nameParts(d.name))
      break
    case "SOA":
      data.name(nameParts(d.mname))
      data.name(nameParts(d.rname))
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) data.u32(v)
      break
    case "MX":
      data.u16(d.preference)
      data.name(nameParts(d.exchange))
      break
    case "TXT":
      for (const chunk of d.chunks) data.string(chunk)
      break
    case "SRV":
      data.u16(d.priority)
      data.u16(d.weight)
      data.u16(d.port)
      data.name(nameParts(d.target))
      break
    case "NAPTR":
      data.u16(d.order)
      data.u16(d.preference)
      data.string(d.flags)
      data.string(d.service)
      data.string(d.regexp)
      data.name(nameParts(d.replacement))
      break
    case "TLSA":
      data.u8(d.usage)
      data.u8(d.selector)
      data.u8(d.matchingType)
      data.bytes(d.data)
      break
    case "CAA": {
      // RFC 8659 4.1: the tag is 1 to 255 bytes; its length is one byte, the value takes the rest.
      if (d.tag.length === 0 || /[^\x00-\xff]/.test(d.tag)) fail("bad CAA tag")
      const tag = Uint8Array.from(d.tag, (c) => c.charCodeAt(0))
      data.u8(d.flags)
      data.string(tag)
      data.bytes(d.value)
      break
    }
    case "Raw":
      data.bytes(d.bytes)
  }
  const bytes = data.done()
  if (bytes.length > 0xffff) fail("record data too long")
  w.u16(bytes.length)
  w.bytes(bytes)
}

/**
 * Encodes a whole message without name compression (tests and fake servers build answers with it).
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * const reply = Codec.encodeMessage({
 *   id: 1, qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: true, rcode: 0,
 *   questions: [{ name: "a.test", type: Codec.TYPE_A, class: Codec.CLASS_IN }],
 *   answers: [{ name: "a.test", type: Codec.TYPE_A, class: Codec.CLASS_IN, ttl: 60, data: { _tag: "A", address: "10.0.0.1" } }],
 *   authorities: [], additionals: []
 * })
 * ```
 * @since 0.1.0
 * @category encoding
 */
export const encodeMessage = (m: Message): Result.Result<Uint8Array, DecodeError> => {
  try {
    const w = new Writer()
    w.u16(m.id & 0xffff)
    w.u16(
      (m.qr ? 0x8000 : 0) | ((m.opcode & 0xf) << 11) | (m.aa ? 0x400 : 0) | (m.tc ? 0x200 : 0) | (m.rd ? 0x100 : 0) |
        (m.ra ? 0x80 : 0) | (m.rcode & 0xf)
    )
    w.u16(m.questions.length)
    w.u16(m.answers.length)
    w.u16(m.authorities.length)
    w.u16(m.additionals.length)
    for (const q of m.questions) {
      w.name(nameParts(q.name))
      w.u16(q.type)
      w.u16(q.class)
    }
    for (const rr of m.answers) writeRecord(w, rr)
    for (const rr of m.authorities) writeRecord(w, rr)
    for (const rr of m.additionals) writeRecord(w, rr)
    return Result.succeed(w.done())
  } catch (e) {
    if (e instanceof Fail) return Result.fail(new DecodeError({ reason: e.reason }))
    throw e
  }
}

const readName = (buf: Uint8Array, start: number): [string, number] => {
  const parts: Array<string> = []
  let pos = start
  let end = -1
  let wire = 1
  let jumps = 0
  for (;;) {
    if (pos >= buf.length) fail("name runs past the end")
    const len = buf[pos]!
    if (len === 0) {
      pos += 1
      break
    }
    const kind = len & 0xc0
    if (kind === 0xc0) {
      if (pos + 1 >= buf.length) fail("pointer runs past the end")
      const target = ((len & 0x3f) << 8) | buf[pos + 1]!
      // A pointer must go backwards, which also rules out loops.
      if (target >= pos) fail("forward compression pointer")
      if (++jumps > 127) fail("too many compression pointers")
      if (end < 0) end = pos + 2
      pos = target
      continue
    }
    if (kind !== 0) fail("unsupported label type")
    if (pos + 1 + len > buf.length) fail("label runs past the end")
    wire += len + 1
    if (wire > MAX_NAME) fail("name longer than 255 bytes")
    let label = ""
    for (let i = 0; i < len; i++) {
      const c = buf[pos + 1 + i]!
      // Dots and non-printable bytes inside a label are escaped, as in presentation format.
      label += c === 0x2e || c === 0x5c ? `\\${String.fromCharCode(c)}` : c > 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString().padStart(3, "0")}`
    }
    parts.push(label)
    pos += 1 + len
  }
  return [parts.join("."), end < 0 ? pos : end]
}

class Reader {
  pos = 0
  readonly buf: Uint8Array
  constructor(buf: Uint8Array) {
    this.buf = buf
  }
  need(n: number) {
    if (this.pos + n > this.buf.length) fail("message too short")
  }
  u16(): number {
    this.need(2)
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!
    this.pos += 2
    return v
  }
  u32(): number {
    return this.u16() * 0x10000 + this.u16()
  }
  u8(): number {
    this.need(1)
    return this.buf[this.pos++]!
  }
  /** A character string: a length byte and that many bytes. */
  string(): Uint8Array {
    const n = this.u8()
    this.need(n)
    const out = this.buf.slice(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  rest(): Uint8Array {
    const out = this.buf.slice(this.pos)
    this.pos = this.buf.length
    return out
  }
  name(): string {
    const [name, next] = readName(this.buf, this.pos)
    this.pos = next
    return name
  }
}

const readRecord = (r: Reader): ResourceRecord => {
  const name = r.name()
  const type = r.u16()
  const klass = r.u16()
  const ttl = r.u32()
  const rdlength = r.u16()
  r.need(rdlength)
  const start = r.pos
  const end = start + rdlength
  let data: RecordData
  const sub = new Reader(r.buf.subarray(0, end))
  sub.pos = start
  if (klass === CLASS_IN && type === TYPE_A) {
    if (rdlength !== 4) fail("A record of wrong length")
    data = { _tag: "A", address: Array.from(r.buf.subarray(start, end)).join(".") }
  } else if (klass === CLASS_IN && type === TYPE_AAAA) {
    if (rdlength !== 16) fail("AAAA record of wrong length")
    data = { _tag: "AAAA", address: formatIpv6(r.buf.subarray(start, end)) }
  } else if (type === TYPE_CNAME || type === TYPE_PTR || type === TYPE_NS) {
    data = { _tag: "Name", name: sub.name() }
    if (sub.pos !== end) fail("trailing bytes in record data")
  } else if (type === TYPE_SOA) {
    const mname = sub.name()
    const rname = sub.name()
    const serial = sub.u32()
    const refresh = sub.u32()
    const retry = sub.u32()
    const expire = sub.u32()
    const minimum = sub.u32()
    if (sub.pos !== end) fail("trailing bytes in SOA record")
    data = { _tag: "SOA", mname, rname, serial, refresh, retry, expire, minimum }
  } else if (type === TYPE_MX) {
    const preference = sub.u16()
    data = { _tag: "MX", preference, exchange: sub.name() }
    if (sub.pos !== end) fail("trailing bytes in MX record")
  } else if (type === TYPE_TXT) {
    const chunks: Array<Uint8Array> = []
    while (sub.pos < end) chunks.push(sub.string())
    data = { _tag: "TXT", chunks }
  } else if (type === TYPE_SRV) {
    const priority = sub.u16()
    const weight = sub.u16()
    const port = sub.u16()
    data = { _tag: "SRV", priority, weight, port, target: sub.name() }
    if (sub.pos !== end) fail("trailing bytes in SRV record")
  } else if (type === TYPE_NAPTR) {
    const order = sub.u16()
    const preference = sub.u16()
    const flags = sub.string()
    const service = sub.string()
    const regexp = sub.string()
    data = { _tag: "NAPTR", order, preference, flags, service, regexp, replacement: sub.name() }
    if (sub.pos !== end) fail("trailing bytes in NAPTR record")
  } else if (type === TYPE_TLSA) {
    const usage = sub.u8()
    const selector = sub.u8()
    const matchingType = sub.u8()
    data = { _tag: "TLSA", usage, selector, matchingType, data: sub.rest() }
  } else if (type === TYPE_CAA) {
    const flags = sub.u8()
    const tag = sub.string()
    if (tag.length === 0) fail("CAA record with an empty tag")
    data = { _tag: "CAA", flags, tag: String.fromCharCode(...tag), value: sub.rest() }
  } else {
    data = { _tag: "Raw", bytes: r.buf.slice(start, end) }
  }
  r.pos = end
  // RFC 2181: a TTL with the top bit set is treated as zero. OPT's "TTL" is the extended rcode,
  // version and flags (RFC 6891 6.1.3), kept as they are.
  return { name, type, class: klass, ttl: ttl > 0x7fffffff && type !== TYPE_OPT ? 0 : ttl, data }
}

/**
 * Decodes a DNS message. Never throws: malformed input gives `DecodeError`.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Codec } from "@greenfiber/resolver"
 * const query = Result.getOrThrow(Codec.encodeQuery(7, "a.test", Codec.TYPE_A))
 * const message = Result.getOrThrow(Codec.decodeMessage(query))
 * message.questions[0] // { name: "a.test", type: 1, class: 1 }
 * ```
 * @since 0.1.0
 * @category decoding
 */
export const decodeMessage = (buf: Uint8Array): Result.Result<Message, DecodeError> => {
  try {
    if (buf.length < 12) fail("short header")
    const r = new Reader(buf)
    const id = r.u16()
    const flags = r.u16()
    const qd = r.u16()
    const an = r.u16()
    const ns = r.u16()
    const ar = r.u16()
    const questions: Array<Question> = []
    for (let i = 0; i < qd; i++) {
      const name = r.name()
      questions.push({ name, type: r.u16(), class: r.u16() })
    }
    const section = (count: number) => {
      const out: Array<ResourceRecord> = []
      for (let i = 0; i < count; i++) out.push(readRecord(r))
      return out
    }
    const answers = section(an)
    const authorities = section(ns)
    const additionals = section(ar)
    return Result.succeed({
      id,
      qr: (flags & 0x8000) !== 0,
      opcode: (flags >> 11) & 0xf,
      aa: (flags & 0x400) !== 0,
      tc: (flags & 0x200) !== 0,
      rd: (flags & 0x100) !== 0,
      ra: (flags & 0x80) !== 0,
      rcode: flags & 0xf,
      questions,
      answers,
      authorities,
      additionals
    })
  } catch (e) {
    if (e instanceof Fail) return Result.fail(new DecodeError({ reason: e.reason }))
    throw e
  }
}

/**
 * The fixed 12-byte header of a message: id, flags and section counts.
 *
 * @since 0.1.0
 * @category models
 */
export interface Header {
  readonly id: number
  readonly qr: boolean
  readonly opcode: number
  readonly tc: boolean
  readonly rcode: number
  readonly qdcount: number
  readonly ancount: number
  readonly nscount: number
  readonly arcount: number
}

/**
 * Decodes the fixed header alone, in constant time: enough to drop a reply to another query before any
 * name in it is read (a 64 KiB reply can hold 10,878 questions).
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.decodeHeader(Uint8Array.from([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0])) // Result.succeed({ id: 0x1234, qr: true, qdcount: 1, ... })
 * ```
 * @since 0.1.0
 * @category decoding
 */
export const decodeHeader = (buf: Uint8Array): Result.Result<Header, DecodeError> => {
  if (buf.length < 12) return Result.fail(new DecodeError({ reason: "short header" }))
  const u16 = (i: number) => (buf[i]! << 8) | buf[i + 1]!
  const flags = u16(2)
  return Result.succeed({
    id: u16(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    tc: (flags & 0x200) !== 0,
    rcode: flags & 0xf,
    qdcount: u16(4),
    ancount: u16(6),
    nscount: u16(8),
    arcount: u16(10)
  })
}

/**
 * Decodes only the header (id, flags and counts) and the questions, enough to tell whether a reply
 * answers a query, even when the rest of a truncated reply is cut off.
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * const r = Codec.decodeHead(new Uint8Array(12)) // Result.succeed({ id: 0, tc: false, questions: [] ... })
 * ```
 * @since 0.1.0
 * @category decoding
 */
export const decodeHead = (
  buf: Uint8Array
): Result.Result<{ readonly id: number; readonly qr: boolean; readonly tc: boolean; readonly rcode: number; readonly opcode: number; readonly questions: ReadonlyArray<Question> }, DecodeError> => {
  try {
    if (buf.length < 12) fail("short header")
    const r = new Reader(buf)
    const id = r.u16()
    const flags = r.u16()
    const qd = r.u16()
    r.pos = 12
    const questions: Array<Question> = []
    for (let i = 0; i < qd; i++) {
      const name = r.name()
      questions.push({ name, type: r.u16(), class: r.u16() })
    }
    return Result.succeed({ id, qr: (flags & 0x8000) !== 0, tc: (flags & 0x200) !== 0, rcode: flags & 0xf, opcode: (flags >> 11) & 0xf, questions })
  } catch (e) {
    if (e instanceof Fail) return Result.fail(new DecodeError({ reason: e.reason }))
    throw e
  }
}

/**
 * The reverse-lookup name of an address (`in-addr.arpa` or `ip6.arpa`).
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.reverseName("192.0.2.1") // "1.2.0.192.in-addr.arpa"
 * Codec.reverseName("::ffff:192.0.2.1") // "1.2.0.192.in-addr.arpa"
 * ```
 * @since 0.1.0
 * @category encoding
 */
export const reverseName = (ip: string): string => {
  if (!ip.includes(":")) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`
  const bytes = ipv6Bytes(ip)
  // An IPv4-mapped address (::ffff:a.b.c.d) is looked up as its IPv4 address, as glibc unmaps it.
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `${bytes[15]}.${bytes[14]}.${bytes[13]}.${bytes[12]}.in-addr.arpa`
  }
  const nibbles: Array<string> = []
  for (const b of bytes) nibbles.push((b >> 4).toString(16), (b & 0xf).toString(16))
  return `${nibbles.reverse().join(".")}.ip6.arpa`
}

/**
 * Compares two domain names as DNS does: ASCII case-insensitively, a trailing dot ignored.
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.sameName("WWW.Example.com.", "www.example.com") // true
 * ```
 * @since 0.1.0
 * @category utils
 */
export const sameName = (a: string, b: string): boolean => {
  const x = a.endsWith(".") ? a.slice(0, -1) : a
  const y = b.endsWith(".") ? b.slice(0, -1) : b
  if (!x.includes("\\") && !y.includes("\\")) return x.length === y.length && asciiLower(x) === asciiLower(y)
  // With escapes, the same wire name has several spellings (`\097` is `a`): compare the labels' bytes.
  const lx = labels(x)
  const ly = labels(y)
  if (Result.isFailure(lx) || Result.isFailure(ly) || lx.success.length !== ly.success.length) return false
  return lx.success.every((label, i) => asciiLower(label) === asciiLower(ly.success[i]!))
}

/**
 * Whether a name from an answer may be handed to the application as a host name: letters, digits,
 * `-` and `_` in every label, no leading `-` (glibc's `res_binary_hnok`). A PTR or CNAME target is
 * data from whoever controls that zone, and callers paste host names into logs, shells and headers.
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.isHostName("db-1.example.test") // true
 * Codec.isHostName("`id`.evil.test") // false
 * ```
 * @since 0.1.0
 * @category utils
 */
export const isHostName = (name: string): boolean => /^(?!-)[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(name)

/**
 * Lowers ASCII letters only, as DNS compares names (RFC 4343); every other character stays as it is.
 * `toLowerCase` would not do: it folds U+212A KELVIN SIGN to `k`, so "\u212Aey.test" would pass for
 * "key.test".
 *
 * @example
 * ```ts
 * import { Codec } from "@greenfiber/resolver"
 * Codec.asciiLower("WWW.Example.\u212A") // "www.example.\u212A"
 * ```
 * @since 0.1.0
 * @category utils
 */
export const asciiLower = (label: string): string => label.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) | 0x20))
