/**
 * The platform's socket constants as named exports (`AF_INET`, `SOCK_STREAM`, `SO_REUSEADDR`, ...).
 * Every value is read from the native addon at load time; none is written here as a literal.
 * A name the platform does not define is `undefined` at run time.
 *
 * @example
 * ```ts
 * import { AF_INET, SOCK_STREAM } from "@greenfiber/socket"
 * // AF_INET === 2, SOCK_STREAM === 1 on Linux
 * ```
 * @since 0.1.0
 */
import { constants } from "@greenfiber/core"

const C = constants as Record<string, number>

// Address families
/** @since 0.1.0 @category constants */ export const AF_UNSPEC: number = C.AF_UNSPEC!
/** @since 0.1.0 @category constants */ export const AF_INET: number = C.AF_INET!
/** @since 0.1.0 @category constants */ export const AF_INET6: number = C.AF_INET6!
/** @since 0.1.0 @category constants */ export const AF_UNIX: number = C.AF_UNIX!
/** @since 0.1.0 @category constants */ export const AF_PACKET: number = C.AF_PACKET!
/** @since 0.1.0 @category constants */ export const AF_NETLINK: number = C.AF_NETLINK!
// Socket types
/** @since 0.1.0 @category constants */ export const SOCK_STREAM: number = C.SOCK_STREAM!
/** @since 0.1.0 @category constants */ export const SOCK_DGRAM: number = C.SOCK_DGRAM!
/** @since 0.1.0 @category constants */ export const SOCK_RAW: number = C.SOCK_RAW!
/** @since 0.1.0 @category constants */ export const SOCK_SEQPACKET: number = C.SOCK_SEQPACKET!
/** @since 0.1.0 @category constants */ export const SOCK_RDM: number = C.SOCK_RDM!
/** @since 0.1.0 @category constants */ export const SOCK_NONBLOCK: number = C.SOCK_NONBLOCK!
/** @since 0.1.0 @category constants */ export const SOCK_CLOEXEC: number = C.SOCK_CLOEXEC!
// Levels
/** @since 0.1.0 @category constants */ export const SOL_SOCKET: number = C.SOL_SOCKET!
/** @since 0.1.0 @category constants */ export const SOL_IP: number = C.SOL_IP!
/** @since 0.1.0 @category constants */ export const SOL_TCP: number = C.SOL_TCP!
/** @since 0.1.0 @category constants */ export const SOL_UDP: number = C.SOL_UDP!
/** @since 0.1.0 @category constants */ export const SOL_IPV6: number = C.SOL_IPV6!
// Socket options
/** @since 0.1.0 @category constants */ export const SO_DEBUG: number = C.SO_DEBUG!
/** @since 0.1.0 @category constants */ export const SO_ACCEPTCONN: number = C.SO_ACCEPTCONN!
/** @since 0.1.0 @category constants */ export const SO_REUSEADDR: number = C.SO_REUSEADDR!
/** @since 0.1.0 @category constants */ export const SO_REUSEPORT: number = C.SO_REUSEPORT!
/** @since 0.1.0 @category constants */ export const SO_KEEPALIVE: number = C.SO_KEEPALIVE!
/** @since 0.1.0 @category constants */ export const SO_DONTROUTE: number = C.SO_DONTROUTE!
/** @since 0.1.0 @category constants */ export const SO_BROADCAST: number = C.SO_BROADCAST!
/** @since 0.1.0 @category constants */ export const SO_LINGER: number = C.SO_LINGER!
/** @since 0.1.0 @category constants */ export const SO_OOBINLINE: number = C.SO_OOBINLINE!
/** @since 0.1.0 @category constants */ export const SO_SNDBUF: number = C.SO_SNDBUF!
/** @since 0.1.0 @category constants */ export const SO_RCVBUF: number = C.SO_RCVBUF!
/** @since 0.1.0 @category constants */ export const SO_SNDLOWAT: number = C.SO_SNDLOWAT!
/** @since 0.1.0 @category constants */ export const SO_RCVLOWAT: number = C.SO_RCVLOWAT!
/** @since 0.1.0 @category constants */ export const SO_SNDTIMEO: number = C.SO_SNDTIMEO!
/** @since 0.1.0 @category constants */ export const SO_RCVTIMEO: number = C.SO_RCVTIMEO!
/** @since 0.1.0 @category constants */ export const SO_ERROR: number = C.SO_ERROR!
/** @since 0.1.0 @category constants */ export const SO_TYPE: number = C.SO_TYPE!
/** @since 0.1.0 @category constants */ export const SO_DOMAIN: number = C.SO_DOMAIN!
/** @since 0.1.0 @category constants */ export const SO_PROTOCOL: number = C.SO_PROTOCOL!
/** @since 0.1.0 @category constants */ export const SO_PASSCRED: number = C.SO_PASSCRED!
/** @since 0.1.0 @category constants */ export const SO_PEERCRED: number = C.SO_PEERCRED!
/** @since 0.1.0 @category constants */ export const SO_BINDTODEVICE: number = C.SO_BINDTODEVICE!
/** @since 0.1.0 @category constants */ export const SO_PRIORITY: number = C.SO_PRIORITY!
/** @since 0.1.0 @category constants */ export const SO_MARK: number = C.SO_MARK!
/** @since 0.1.0 @category constants */ export const SO_INCOMING_CPU: number = C.SO_INCOMING_CPU!
// Protocols
/** @since 0.1.0 @category constants */ export const IPPROTO_IP: number = C.IPPROTO_IP!
/** @since 0.1.0 @category constants */ export const IPPROTO_ICMP: number = C.IPPROTO_ICMP!
/** @since 0.1.0 @category constants */ export const IPPROTO_IGMP: number = C.IPPROTO_IGMP!
/** @since 0.1.0 @category constants */ export const IPPROTO_TCP: number = C.IPPROTO_TCP!
/** @since 0.1.0 @category constants */ export const IPPROTO_UDP: number = C.IPPROTO_UDP!
/** @since 0.1.0 @category constants */ export const IPPROTO_IPV6: number = C.IPPROTO_IPV6!
/** @since 0.1.0 @category constants */ export const IPPROTO_ICMPV6: number = C.IPPROTO_ICMPV6!
/** @since 0.1.0 @category constants */ export const IPPROTO_RAW: number = C.IPPROTO_RAW!
/** @since 0.1.0 @category constants */ export const IPPROTO_SCTP: number = C.IPPROTO_SCTP!
/** @since 0.1.0 @category constants */ export const IPPROTO_UDPLITE: number = C.IPPROTO_UDPLITE!
/** @since 0.1.0 @category constants */ export const IPPROTO_MPTCP: number = C.IPPROTO_MPTCP!
// IP / IPv6 options
/** @since 0.1.0 @category constants */ export const IP_TOS: number = C.IP_TOS!
/** @since 0.1.0 @category constants */ export const IP_TTL: number = C.IP_TTL!
/** @since 0.1.0 @category constants */ export const IP_HDRINCL: number = C.IP_HDRINCL!
/** @since 0.1.0 @category constants */ export const IP_OPTIONS: number = C.IP_OPTIONS!
/** @since 0.1.0 @category constants */ export const IP_RECVTOS: number = C.IP_RECVTOS!
/** @since 0.1.0 @category constants */ export const IP_MULTICAST_IF: number = C.IP_MULTICAST_IF!
/** @since 0.1.0 @category constants */ export const IP_MULTICAST_TTL: number = C.IP_MULTICAST_TTL!
/** @since 0.1.0 @category constants */ export const IP_MULTICAST_LOOP: number = C.IP_MULTICAST_LOOP!
/** @since 0.1.0 @category constants */ export const IP_ADD_MEMBERSHIP: number = C.IP_ADD_MEMBERSHIP!
/** @since 0.1.0 @category constants */ export const IP_DROP_MEMBERSHIP: number = C.IP_DROP_MEMBERSHIP!
/** @since 0.1.0 @category constants */ export const IP_TRANSPARENT: number = C.IP_TRANSPARENT!
/** @since 0.1.0 @category constants */ export const IP_BIND_ADDRESS_NO_PORT: number = C.IP_BIND_ADDRESS_NO_PORT!
/** @since 0.1.0 @category constants */ export const IP_RECVERR: number = C.IP_RECVERR!
/** @since 0.1.0 @category constants */ export const IPV6_V6ONLY: number = C.IPV6_V6ONLY!
/** @since 0.1.0 @category constants */ export const IPV6_UNICAST_HOPS: number = C.IPV6_UNICAST_HOPS!
/** @since 0.1.0 @category constants */ export const IPV6_MULTICAST_IF: number = C.IPV6_MULTICAST_IF!
/** @since 0.1.0 @category constants */ export const IPV6_MULTICAST_HOPS: number = C.IPV6_MULTICAST_HOPS!
/** @since 0.1.0 @category constants */ export const IPV6_MULTICAST_LOOP: number = C.IPV6_MULTICAST_LOOP!
/** @since 0.1.0 @category constants */ export const IPV6_JOIN_GROUP: number = C.IPV6_JOIN_GROUP!
/** @since 0.1.0 @category constants */ export const IPV6_LEAVE_GROUP: number = C.IPV6_LEAVE_GROUP!
/** @since 0.1.0 @category constants */ export const IPV6_RECVPKTINFO: number = C.IPV6_RECVPKTINFO!
/** @since 0.1.0 @category constants */ export const IPV6_TCLASS: number = C.IPV6_TCLASS!
// TCP options
/** @since 0.1.0 @category constants */ export const TCP_NODELAY: number = C.TCP_NODELAY!
/** @since 0.1.0 @category constants */ export const TCP_MAXSEG: number = C.TCP_MAXSEG!
/** @since 0.1.0 @category constants */ export const TCP_CORK: number = C.TCP_CORK!
/** @since 0.1.0 @category constants */ export const TCP_KEEPIDLE: number = C.TCP_KEEPIDLE!
/** @since 0.1.0 @category constants */ export const TCP_KEEPINTVL: number = C.TCP_KEEPINTVL!
/** @since 0.1.0 @category constants */ export const TCP_KEEPCNT: number = C.TCP_KEEPCNT!
/** @since 0.1.0 @category constants */ export const TCP_SYNCNT: number = C.TCP_SYNCNT!
/** @since 0.1.0 @category constants */ export const TCP_LINGER2: number = C.TCP_LINGER2!
/** @since 0.1.0 @category constants */ export const TCP_DEFER_ACCEPT: number = C.TCP_DEFER_ACCEPT!
/** @since 0.1.0 @category constants */ export const TCP_WINDOW_CLAMP: number = C.TCP_WINDOW_CLAMP!
/** @since 0.1.0 @category constants */ export const TCP_INFO: number = C.TCP_INFO!
/** @since 0.1.0 @category constants */ export const TCP_QUICKACK: number = C.TCP_QUICKACK!
/** @since 0.1.0 @category constants */ export const TCP_CONGESTION: number = C.TCP_CONGESTION!
/** @since 0.1.0 @category constants */ export const TCP_USER_TIMEOUT: number = C.TCP_USER_TIMEOUT!
/** @since 0.1.0 @category constants */ export const TCP_NOTSENT_LOWAT: number = C.TCP_NOTSENT_LOWAT!
/** @since 0.1.0 @category constants */ export const TCP_FASTOPEN: number = C.TCP_FASTOPEN!
// Message flags
/** @since 0.1.0 @category constants */ export const MSG_OOB: number = C.MSG_OOB!
/** @since 0.1.0 @category constants */ export const MSG_PEEK: number = C.MSG_PEEK!
/** @since 0.1.0 @category constants */ export const MSG_DONTROUTE: number = C.MSG_DONTROUTE!
/** @since 0.1.0 @category constants */ export const MSG_CTRUNC: number = C.MSG_CTRUNC!
/** @since 0.1.0 @category constants */ export const MSG_TRUNC: number = C.MSG_TRUNC!
/** @since 0.1.0 @category constants */ export const MSG_DONTWAIT: number = C.MSG_DONTWAIT!
/** @since 0.1.0 @category constants */ export const MSG_EOR: number = C.MSG_EOR!
/** @since 0.1.0 @category constants */ export const MSG_WAITALL: number = C.MSG_WAITALL!
/** @since 0.1.0 @category constants */ export const MSG_NOSIGNAL: number = C.MSG_NOSIGNAL!
/** @since 0.1.0 @category constants */ export const MSG_CMSG_CLOEXEC: number = C.MSG_CMSG_CLOEXEC!
/** @since 0.1.0 @category constants */ export const MSG_ERRQUEUE: number = C.MSG_ERRQUEUE!
/** @since 0.1.0 @category constants */ export const MSG_CONFIRM: number = C.MSG_CONFIRM!
/** @since 0.1.0 @category constants */ export const MSG_MORE: number = C.MSG_MORE!
/** @since 0.1.0 @category constants */ export const MSG_FASTOPEN: number = C.MSG_FASTOPEN!
/** @since 0.1.0 @category constants */ export const MSG_ZEROCOPY: number = C.MSG_ZEROCOPY!
/** @since 0.1.0 @category constants */ export const MSG_BCAST: number = C.MSG_BCAST!
/** @since 0.1.0 @category constants */ export const MSG_MCAST: number = C.MSG_MCAST!
/** @since 0.1.0 @category constants */ export const MSG_NOTIFICATION: number = C.MSG_NOTIFICATION!
/** @since 0.1.0 @category constants */ export const MSG_BTAG: number = C.MSG_BTAG!
/** @since 0.1.0 @category constants */ export const MSG_ETAG: number = C.MSG_ETAG!
// Ancillary data types (SCM_CREDENTIALS: Linux; SCM_CREDS: the BSDs)
/** @since 0.1.0 @category constants */ export const SCM_RIGHTS: number = C.SCM_RIGHTS!
/** @since 0.1.0 @category constants */ export const SCM_CREDENTIALS: number = C.SCM_CREDENTIALS!
/** @since 0.1.0 @category constants */ export const SCM_CREDS: number = C.SCM_CREDS!
/** @since 0.1.0 @category constants */ export const SCM_TIMESTAMP: number = C.SCM_TIMESTAMP!
/** @since 0.1.0 @category constants */ export const SCM_TIMESTAMPNS: number = C.SCM_TIMESTAMPNS!
// poll(2) events (select.poll)
/** @since 0.1.0 @category constants */ export const POLLIN: number = C.POLLIN!
/** @since 0.1.0 @category constants */ export const POLLPRI: number = C.POLLPRI!
/** @since 0.1.0 @category constants */ export const POLLOUT: number = C.POLLOUT!
/** @since 0.1.0 @category constants */ export const POLLERR: number = C.POLLERR!
/** @since 0.1.0 @category constants */ export const POLLHUP: number = C.POLLHUP!
/** @since 0.1.0 @category constants */ export const POLLNVAL: number = C.POLLNVAL!
/** @since 0.1.0 @category constants */ export const POLLRDNORM: number = C.POLLRDNORM!
/** @since 0.1.0 @category constants */ export const POLLRDBAND: number = C.POLLRDBAND!
/** @since 0.1.0 @category constants */ export const POLLWRNORM: number = C.POLLWRNORM!
/** @since 0.1.0 @category constants */ export const POLLWRBAND: number = C.POLLWRBAND!
/** @since 0.1.0 @category constants */ export const POLLMSG: number = C.POLLMSG!
/** @since 0.1.0 @category constants */ export const POLLRDHUP: number = C.POLLRDHUP!
// shutdown(2)
/** @since 0.1.0 @category constants */ export const SHUT_RD: number = C.SHUT_RD!
/** @since 0.1.0 @category constants */ export const SHUT_WR: number = C.SHUT_WR!
/** @since 0.1.0 @category constants */ export const SHUT_RDWR: number = C.SHUT_RDWR!
// Misc
/** @since 0.1.0 @category constants */ export const SOMAXCONN: number = C.SOMAXCONN!
/** @since 0.1.0 @category constants */ export const INADDR_ANY: number = C.INADDR_ANY!
/** @since 0.1.0 @category constants */ export const INADDR_LOOPBACK: number = C.INADDR_LOOPBACK!
/** @since 0.1.0 @category constants */ export const INADDR_BROADCAST: number = C.INADDR_BROADCAST!
/** @since 0.1.0 @category constants */ export const INADDR_NONE: number = C.INADDR_NONE!
// getaddrinfo / getnameinfo
/** @since 0.1.0 @category constants */ export const AI_PASSIVE: number = C.AI_PASSIVE!
/** @since 0.1.0 @category constants */ export const AI_CANONNAME: number = C.AI_CANONNAME!
/** @since 0.1.0 @category constants */ export const AI_NUMERICHOST: number = C.AI_NUMERICHOST!
/** @since 0.1.0 @category constants */ export const AI_NUMERICSERV: number = C.AI_NUMERICSERV!
/** @since 0.1.0 @category constants */ export const AI_V4MAPPED: number = C.AI_V4MAPPED!
/** @since 0.1.0 @category constants */ export const AI_ALL: number = C.AI_ALL!
/** @since 0.1.0 @category constants */ export const AI_ADDRCONFIG: number = C.AI_ADDRCONFIG!
/** @since 0.1.0 @category constants */ export const NI_NUMERICHOST: number = C.NI_NUMERICHOST!
/** @since 0.1.0 @category constants */ export const NI_NUMERICSERV: number = C.NI_NUMERICSERV!
/** @since 0.1.0 @category constants */ export const NI_NOFQDN: number = C.NI_NOFQDN!
/** @since 0.1.0 @category constants */ export const NI_NAMEREQD: number = C.NI_NAMEREQD!
/** @since 0.1.0 @category constants */ export const NI_DGRAM: number = C.NI_DGRAM!
/** @since 0.1.0 @category constants */ export const NI_MAXHOST: number = C.NI_MAXHOST!
/** @since 0.1.0 @category constants */ export const NI_MAXSERV: number = C.NI_MAXSERV!
/** @since 0.1.0 @category constants */ export const EAI_ADDRFAMILY: number = C.EAI_ADDRFAMILY!
/** @since 0.1.0 @category constants */ export const EAI_AGAIN: number = C.EAI_AGAIN!
/** @since 0.1.0 @category constants */ export const EAI_BADFLAGS: number = C.EAI_BADFLAGS!
/** @since 0.1.0 @category constants */ export const EAI_FAIL: number = C.EAI_FAIL!
/** @since 0.1.0 @category constants */ export const EAI_FAMILY: number = C.EAI_FAMILY!
/** @since 0.1.0 @category constants */ export const EAI_MEMORY: number = C.EAI_MEMORY!
/** @since 0.1.0 @category constants */ export const EAI_NODATA: number = C.EAI_NODATA!
/** @since 0.1.0 @category constants */ export const EAI_NONAME: number = C.EAI_NONAME!
/** @since 0.1.0 @category constants */ export const EAI_OVERFLOW: number = C.EAI_OVERFLOW!
/** @since 0.1.0 @category constants */ export const EAI_SERVICE: number = C.EAI_SERVICE!
/** @since 0.1.0 @category constants */ export const EAI_SOCKTYPE: number = C.EAI_SOCKTYPE!
/** @since 0.1.0 @category constants */ export const EAI_SYSTEM: number = C.EAI_SYSTEM!
