/* The platform's real constant values, generated per name with #ifdef so
 * TypeScript never hard-codes a number. */
#include "gf.h"
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/un.h>

static void put(napi_env env, napi_value obj, const char* name, double v) {
  napi_set_named_property(env, obj, name, gf_num(env, v));
}

void gf_register_constants(napi_env env, napi_value exports) {
  napi_value c, e;
  napi_create_object(env, &c);
  napi_create_object(env, &e);
#ifdef AF_UNSPEC
  put(env, c, "AF_UNSPEC", (double)(AF_UNSPEC));
#endif
#ifdef AF_INET
  put(env, c, "AF_INET", (double)(AF_INET));
#endif
#ifdef AF_INET6
  put(env, c, "AF_INET6", (double)(AF_INET6));
#endif
#ifdef AF_UNIX
  put(env, c, "AF_UNIX", (double)(AF_UNIX));
#endif
#ifdef AF_PACKET
  put(env, c, "AF_PACKET", (double)(AF_PACKET));
#endif
#ifdef AF_NETLINK
  put(env, c, "AF_NETLINK", (double)(AF_NETLINK));
#endif
#ifdef SOCK_STREAM
  put(env, c, "SOCK_STREAM", (double)(SOCK_STREAM));
#endif
#ifdef SOCK_DGRAM
  put(env, c, "SOCK_DGRAM", (double)(SOCK_DGRAM));
#endif
#ifdef SOCK_RAW
  put(env, c, "SOCK_RAW", (double)(SOCK_RAW));
#endif
#ifdef SOCK_SEQPACKET
  put(env, c, "SOCK_SEQPACKET", (double)(SOCK_SEQPACKET));
#endif
#ifdef SOCK_RDM
  put(env, c, "SOCK_RDM", (double)(SOCK_RDM));
#endif
#ifdef SOCK_NONBLOCK
  put(env, c, "SOCK_NONBLOCK", (double)(SOCK_NONBLOCK));
#endif
#ifdef SOCK_CLOEXEC
  put(env, c, "SOCK_CLOEXEC", (double)(SOCK_CLOEXEC));
#endif
#ifdef SOL_SOCKET
  put(env, c, "SOL_SOCKET", (double)(SOL_SOCKET));
#endif
#ifdef SOL_IP
  put(env, c, "SOL_IP", (double)(SOL_IP));
#endif
#ifdef SOL_TCP
  put(env, c, "SOL_TCP", (double)(SOL_TCP));
#endif
#ifdef SOL_UDP
  put(env, c, "SOL_UDP", (double)(SOL_UDP));
#endif
#ifdef SOL_IPV6
  put(env, c, "SOL_IPV6", (double)(SOL_IPV6));
#endif
#ifdef SO_DEBUG
  put(env, c, "SO_DEBUG", (double)(SO_DEBUG));
#endif
#ifdef SO_ACCEPTCONN
  put(env, c, "SO_ACCEPTCONN", (double)(SO_ACCEPTCONN));
#endif
#ifdef SO_REUSEADDR
  put(env, c, "SO_REUSEADDR", (double)(SO_REUSEADDR));
#endif
#ifdef SO_REUSEPORT
  put(env, c, "SO_REUSEPORT", (double)(SO_REUSEPORT));
#endif
#ifdef SO_KEEPALIVE
  put(env, c, "SO_KEEPALIVE", (double)(SO_KEEPALIVE));
#endif
#ifdef SO_DONTROUTE
  put(env, c, "SO_DONTROUTE", (double)(SO_DONTROUTE));
#endif
#ifdef SO_BROADCAST
  put(env, c, "SO_BROADCAST", (double)(SO_BROADCAST));
#endif
#ifdef SO_LINGER
  put(env, c, "SO_LINGER", (double)(SO_LINGER));
#endif
#ifdef SO_OOBINLINE
  put(env, c, "SO_OOBINLINE", (double)(SO_OOBINLINE));
#endif
#ifdef SO_SNDBUF
  put(env, c, "SO_SNDBUF", (double)(SO_SNDBUF));
#endif
#ifdef SO_RCVBUF
  put(env, c, "SO_RCVBUF", (double)(SO_RCVBUF));
#endif
#ifdef SO_SNDLOWAT
  put(env, c, "SO_SNDLOWAT", (double)(SO_SNDLOWAT));
#endif
#ifdef SO_RCVLOWAT
  put(env, c, "SO_RCVLOWAT", (double)(SO_RCVLOWAT));
#endif
#ifdef SO_SNDTIMEO
  put(env, c, "SO_SNDTIMEO", (double)(SO_SNDTIMEO));
#endif
#ifdef SO_RCVTIMEO
  put(env, c, "SO_RCVTIMEO", (double)(SO_RCVTIMEO));
#endif
#ifdef SO_ERROR
  put(env, c, "SO_ERROR", (double)(SO_ERROR));
#endif
#ifdef SO_TYPE
  put(env, c, "SO_TYPE", (double)(SO_TYPE));
#endif
#ifdef SO_DOMAIN
  put(env, c, "SO_DOMAIN", (double)(SO_DOMAIN));
#endif
#ifdef SO_PROTOCOL
  put(env, c, "SO_PROTOCOL", (double)(SO_PROTOCOL));
#endif
#ifdef SO_PASSCRED
  put(env, c, "SO_PASSCRED", (double)(SO_PASSCRED));
#endif
#ifdef SO_PEERCRED
  put(env, c, "SO_PEERCRED", (double)(SO_PEERCRED));
#endif
#ifdef SO_BINDTODEVICE
  put(env, c, "SO_BINDTODEVICE", (double)(SO_BINDTODEVICE));
#endif
#ifdef SO_PRIORITY
  put(env, c, "SO_PRIORITY", (double)(SO_PRIORITY));
#endif
#ifdef SO_MARK
  put(env, c, "SO_MARK", (double)(SO_MARK));
#endif
#ifdef SO_INCOMING_CPU
  put(env, c, "SO_INCOMING_CPU", (double)(SO_INCOMING_CPU));
#endif
#ifdef IPPROTO_IP
  put(env, c, "IPPROTO_IP", (double)(IPPROTO_IP));
#endif
#ifdef IPPROTO_ICMP
  put(env, c, "IPPROTO_ICMP", (double)(IPPROTO_ICMP));
#endif
#ifdef IPPROTO_IGMP
  put(env, c, "IPPROTO_IGMP", (double)(IPPROTO_IGMP));
#endif
#ifdef IPPROTO_TCP
  put(env, c, "IPPROTO_TCP", (double)(IPPROTO_TCP));
#endif
#ifdef IPPROTO_UDP
  put(env, c, "IPPROTO_UDP", (double)(IPPROTO_UDP));
#endif
#ifdef IPPROTO_IPV6
  put(env, c, "IPPROTO_IPV6", (double)(IPPROTO_IPV6));
#endif
#ifdef IPPROTO_ICMPV6
  put(env, c, "IPPROTO_ICMPV6", (double)(IPPROTO_ICMPV6));
#endif
#ifdef IPPROTO_RAW
  put(env, c, "IPPROTO_RAW", (double)(IPPROTO_RAW));
#endif
#ifdef IPPROTO_SCTP
  put(env, c, "IPPROTO_SCTP", (double)(IPPROTO_SCTP));
#endif
#ifdef IPPROTO_UDPLITE
  put(env, c, "IPPROTO_UDPLITE", (double)(IPPROTO_UDPLITE));
#endif
#ifdef IPPROTO_MPTCP
  put(env, c, "IPPROTO_MPTCP", (double)(IPPROTO_MPTCP));
#endif
#ifdef IP_TOS
  put(env, c, "IP_TOS", (double)(IP_TOS));
#endif
#ifdef IP_TTL
  put(env, c, "IP_TTL", (double)(IP_TTL));
#endif
#ifdef IP_HDRINCL
  put(env, c, "IP_HDRINCL", (double)(IP_HDRINCL));
#endif
#ifdef IP_OPTIONS
  put(env, c, "IP_OPTIONS", (double)(IP_OPTIONS));
#endif
#ifdef IP_RECVTOS
  put(env, c, "IP_RECVTOS", (double)(IP_RECVTOS));
#endif
#ifdef IP_MULTICAST_IF
  put(env, c, "IP_MULTICAST_IF", (double)(IP_MULTICAST_IF));
#endif
#ifdef IP_MULTICAST_TTL
  put(env, c, "IP_MULTICAST_TTL", (double)(IP_MULTICAST_TTL));
#endif
#ifdef IP_MULTICAST_LOOP
  put(env, c, "IP_MULTICAST_LOOP", (double)(IP_MULTICAST_LOOP));
#endif
#ifdef IP_ADD_MEMBERSHIP
  put(env, c, "IP_ADD_MEMBERSHIP", (double)(IP_ADD_MEMBERSHIP));
#endif
#ifdef IP_DROP_MEMBERSHIP
  put(env, c, "IP_DROP_MEMBERSHIP", (double)(IP_DROP_MEMBERSHIP));
#endif
#ifdef IP_TRANSPARENT
  put(env, c, "IP_TRANSPARENT", (double)(IP_TRANSPARENT));
#endif
#ifdef IP_BIND_ADDRESS_NO_PORT
  put(env, c, "IP_BIND_ADDRESS_NO_PORT", (double)(IP_BIND_ADDRESS_NO_PORT));
#endif
#ifdef IP_RECVERR
  put(env, c, "IP_RECVERR", (double)(IP_RECVERR));
#endif
#ifdef IPV6_V6ONLY
  put(env, c, "IPV6_V6ONLY", (double)(IPV6_V6ONLY));
#endif
#ifdef IPV6_UNICAST_HOPS
  put(env, c, "IPV6_UNICAST_HOPS", (double)(IPV6_UNICAST_HOPS));
#endif
#ifdef IPV6_MULTICAST_IF
  put(env, c, "IPV6_MULTICAST_IF", (double)(IPV6_MULTICAST_IF));
#endif
#ifdef IPV6_MULTICAST_HOPS
  put(env, c, "IPV6_MULTICAST_HOPS", (double)(IPV6_MULTICAST_HOPS));
#endif
#ifdef IPV6_MULTICAST_LOOP
  put(env, c, "IPV6_MULTICAST_LOOP", (double)(IPV6_MULTICAST_LOOP));
#endif
#ifdef IPV6_JOIN_GROUP
  put(env, c, "IPV6_JOIN_GROUP", (double)(IPV6_JOIN_GROUP));
#endif
#ifdef IPV6_LEAVE_GROUP
  put(env, c, "IPV6_LEAVE_GROUP", (double)(IPV6_LEAVE_GROUP));
#endif
#ifdef IPV6_RECVPKTINFO
  put(env, c, "IPV6_RECVPKTINFO", (double)(IPV6_RECVPKTINFO));
#endif
#ifdef IPV6_TCLASS
  put(env, c, "IPV6_TCLASS", (double)(IPV6_TCLASS));
#endif
#ifdef TCP_NODELAY
  put(env, c, "TCP_NODELAY", (double)(TCP_NODELAY));
#endif
#ifdef TCP_MAXSEG
  put(env, c, "TCP_MAXSEG", (double)(TCP_MAXSEG));
#endif
#ifdef TCP_CORK
  put(env, c, "TCP_CORK", (double)(TCP_CORK));
#endif
#ifdef TCP_KEEPIDLE
  put(env, c, "TCP_KEEPIDLE", (double)(TCP_KEEPIDLE));
#endif
#ifdef TCP_KEEPINTVL
  put(env, c, "TCP_KEEPINTVL", (double)(TCP_KEEPINTVL));
#endif
#ifdef TCP_KEEPCNT
  put(env, c, "TCP_KEEPCNT", (double)(TCP_KEEPCNT));
#endif
#ifdef TCP_SYNCNT
  put(env, c, "TCP_SYNCNT", (double)(TCP_SYNCNT));
#endif
#ifdef TCP_LINGER2
  put(env, c, "TCP_LINGER2", (double)(TCP_LINGER2));
#endif
#ifdef TCP_DEFER_ACCEPT
  put(env, c, "TCP_DEFER_ACCEPT", (double)(TCP_DEFER_ACCEPT));
#endif
#ifdef TCP_WINDOW_CLAMP
  put(env, c, "TCP_WINDOW_CLAMP", (double)(TCP_WINDOW_CLAMP));
#endif
#ifdef TCP_INFO
  put(env, c, "TCP_INFO", (double)(TCP_INFO));
#endif
#ifdef TCP_QUICKACK
  put(env, c, "TCP_QUICKACK", (double)(TCP_QUICKACK));
#endif
#ifdef TCP_CONGESTION
  put(env, c, "TCP_CONGESTION", (double)(TCP_CONGESTION));
#endif
#ifdef TCP_USER_TIMEOUT
  put(env, c, "TCP_USER_TIMEOUT", (double)(TCP_USER_TIMEOUT));
#endif
#ifdef TCP_NOTSENT_LOWAT
  put(env, c, "TCP_NOTSENT_LOWAT", (double)(TCP_NOTSENT_LOWAT));
#endif
#ifdef TCP_FASTOPEN
  put(env, c, "TCP_FASTOPEN", (double)(TCP_FASTOPEN));
#endif
#ifdef MSG_OOB
  put(env, c, "MSG_OOB", (double)(MSG_OOB));
#endif
#ifdef MSG_PEEK
  put(env, c, "MSG_PEEK", (double)(MSG_PEEK));
#endif
#ifdef MSG_DONTROUTE
  put(env, c, "MSG_DONTROUTE", (double)(MSG_DONTROUTE));
#endif
#ifdef MSG_CTRUNC
  put(env, c, "MSG_CTRUNC", (double)(MSG_CTRUNC));
#endif
#ifdef MSG_TRUNC
  put(env, c, "MSG_TRUNC", (double)(MSG_TRUNC));
#endif
#ifdef MSG_DONTWAIT
  put(env, c, "MSG_DONTWAIT", (double)(MSG_DONTWAIT));
#endif
#ifdef MSG_EOR
  put(env, c, "MSG_EOR", (double)(MSG_EOR));
#endif
#ifdef MSG_WAITALL
  put(env, c, "MSG_WAITALL", (double)(MSG_WAITALL));
#endif
#ifdef MSG_NOSIGNAL
  put(env, c, "MSG_NOSIGNAL", (double)(MSG_NOSIGNAL));
#endif
#ifdef MSG_CMSG_CLOEXEC
  put(env, c, "MSG_CMSG_CLOEXEC", (double)(MSG_CMSG_CLOEXEC));
#endif
#ifdef MSG_ERRQUEUE
  put(env, c, "MSG_ERRQUEUE", (double)(MSG_ERRQUEUE));
#endif
#ifdef MSG_CONFIRM
  put(env, c, "MSG_CONFIRM", (double)(MSG_CONFIRM));
#endif
#ifdef MSG_MORE
  put(env, c, "MSG_MORE", (double)(MSG_MORE));
#endif
#ifdef POLLIN
  put(env, c, "POLLIN", (double)(POLLIN));
#endif
#ifdef POLLPRI
  put(env, c, "POLLPRI", (double)(POLLPRI));
#endif
#ifdef POLLOUT
  put(env, c, "POLLOUT", (double)(POLLOUT));
#endif
#ifdef POLLERR
  put(env, c, "POLLERR", (double)(POLLERR));
#endif
#ifdef POLLHUP
  put(env, c, "POLLHUP", (double)(POLLHUP));
#endif
#ifdef POLLNVAL
  put(env, c, "POLLNVAL", (double)(POLLNVAL));
#endif
#ifdef POLLRDNORM
  put(env, c, "POLLRDNORM", (double)(POLLRDNORM));
#endif
#ifdef POLLRDBAND
  put(env, c, "POLLRDBAND", (double)(POLLRDBAND));
#endif
#ifdef POLLWRNORM
  put(env, c, "POLLWRNORM", (double)(POLLWRNORM));
#endif
#ifdef POLLWRBAND
  put(env, c, "POLLWRBAND", (double)(POLLWRBAND));
#endif
#ifdef POLLMSG
  put(env, c, "POLLMSG", (double)(POLLMSG));
#endif
#ifdef POLLRDHUP
  put(env, c, "POLLRDHUP", (double)(POLLRDHUP));
#endif
#ifdef MSG_FASTOPEN
  put(env, c, "MSG_FASTOPEN", (double)(MSG_FASTOPEN));
#endif
#ifdef MSG_ZEROCOPY
  put(env, c, "MSG_ZEROCOPY", (double)(MSG_ZEROCOPY));
#endif
#ifdef MSG_BCAST
  put(env, c, "MSG_BCAST", (double)(MSG_BCAST));
#endif
#ifdef MSG_MCAST
  put(env, c, "MSG_MCAST", (double)(MSG_MCAST));
#endif
#ifdef MSG_NOTIFICATION
  put(env, c, "MSG_NOTIFICATION", (double)(MSG_NOTIFICATION));
#endif
#ifdef MSG_BTAG
  put(env, c, "MSG_BTAG", (double)(MSG_BTAG));
#endif
#ifdef MSG_ETAG
  put(env, c, "MSG_ETAG", (double)(MSG_ETAG));
#endif
#ifdef SCM_RIGHTS
  put(env, c, "SCM_RIGHTS", (double)(SCM_RIGHTS));
#endif
#ifdef SCM_CREDENTIALS
  put(env, c, "SCM_CREDENTIALS", (double)(SCM_CREDENTIALS));
#endif
#ifdef SCM_CREDS
  put(env, c, "SCM_CREDS", (double)(SCM_CREDS));
#endif
#ifdef SCM_TIMESTAMP
  put(env, c, "SCM_TIMESTAMP", (double)(SCM_TIMESTAMP));
#endif
#ifdef SCM_TIMESTAMPNS
  put(env, c, "SCM_TIMESTAMPNS", (double)(SCM_TIMESTAMPNS));
#endif
#ifdef SHUT_RD
  put(env, c, "SHUT_RD", (double)(SHUT_RD));
#endif
#ifdef SHUT_WR
  put(env, c, "SHUT_WR", (double)(SHUT_WR));
#endif
#ifdef SHUT_RDWR
  put(env, c, "SHUT_RDWR", (double)(SHUT_RDWR));
#endif
#ifdef SOMAXCONN
  put(env, c, "SOMAXCONN", (double)(SOMAXCONN));
#endif
#ifdef INADDR_ANY
  put(env, c, "INADDR_ANY", (double)(INADDR_ANY));
#endif
#ifdef INADDR_LOOPBACK
  put(env, c, "INADDR_LOOPBACK", (double)(INADDR_LOOPBACK));
#endif
#ifdef INADDR_BROADCAST
  put(env, c, "INADDR_BROADCAST", (double)(INADDR_BROADCAST));
#endif
#ifdef INADDR_NONE
  put(env, c, "INADDR_NONE", (double)(INADDR_NONE));
#endif
#ifdef AI_PASSIVE
  put(env, c, "AI_PASSIVE", (double)(AI_PASSIVE));
#endif
#ifdef AI_CANONNAME
  put(env, c, "AI_CANONNAME", (double)(AI_CANONNAME));
#endif
#ifdef AI_NUMERICHOST
  put(env, c, "AI_NUMERICHOST", (double)(AI_NUMERICHOST));
#endif
#ifdef AI_NUMERICSERV
  put(env, c, "AI_NUMERICSERV", (double)(AI_NUMERICSERV));
#endif
#ifdef AI_V4MAPPED
  put(env, c, "AI_V4MAPPED", (double)(AI_V4MAPPED));
#endif
#ifdef AI_ALL
  put(env, c, "AI_ALL", (double)(AI_ALL));
#endif
#ifdef AI_ADDRCONFIG
  put(env, c, "AI_ADDRCONFIG", (double)(AI_ADDRCONFIG));
#endif
#ifdef NI_NUMERICHOST
  put(env, c, "NI_NUMERICHOST", (double)(NI_NUMERICHOST));
#endif
#ifdef NI_NUMERICSERV
  put(env, c, "NI_NUMERICSERV", (double)(NI_NUMERICSERV));
#endif
#ifdef NI_NOFQDN
  put(env, c, "NI_NOFQDN", (double)(NI_NOFQDN));
#endif
#ifdef NI_NAMEREQD
  put(env, c, "NI_NAMEREQD", (double)(NI_NAMEREQD));
#endif
#ifdef NI_DGRAM
  put(env, c, "NI_DGRAM", (double)(NI_DGRAM));
#endif
#ifdef NI_MAXHOST
  put(env, c, "NI_MAXHOST", (double)(NI_MAXHOST));
#endif
#ifdef NI_MAXSERV
  put(env, c, "NI_MAXSERV", (double)(NI_MAXSERV));
#endif
#ifdef EAI_ADDRFAMILY
  put(env, c, "EAI_ADDRFAMILY", (double)(EAI_ADDRFAMILY));
#endif
#ifdef EAI_AGAIN
  put(env, c, "EAI_AGAIN", (double)(EAI_AGAIN));
#endif
#ifdef EAI_BADFLAGS
  put(env, c, "EAI_BADFLAGS", (double)(EAI_BADFLAGS));
#endif
#ifdef EAI_FAIL
  put(env, c, "EAI_FAIL", (double)(EAI_FAIL));
#endif
#ifdef EAI_FAMILY
  put(env, c, "EAI_FAMILY", (double)(EAI_FAMILY));
#endif
#ifdef EAI_MEMORY
  put(env, c, "EAI_MEMORY", (double)(EAI_MEMORY));
#endif
#ifdef EAI_NODATA
  put(env, c, "EAI_NODATA", (double)(EAI_NODATA));
#endif
#ifdef EAI_NONAME
  put(env, c, "EAI_NONAME", (double)(EAI_NONAME));
#endif
#ifdef EAI_OVERFLOW
  put(env, c, "EAI_OVERFLOW", (double)(EAI_OVERFLOW));
#endif
#ifdef EAI_SERVICE
  put(env, c, "EAI_SERVICE", (double)(EAI_SERVICE));
#endif
#ifdef EAI_SOCKTYPE
  put(env, c, "EAI_SOCKTYPE", (double)(EAI_SOCKTYPE));
#endif
#ifdef EAI_SYSTEM
  put(env, c, "EAI_SYSTEM", (double)(EAI_SYSTEM));
#endif
#ifdef EAI_CANCELED
  put(env, c, "EAI_CANCELED", (double)(EAI_CANCELED));
#endif
#ifdef EAI_INTR
  put(env, c, "EAI_INTR", (double)(EAI_INTR));
#endif
#ifdef EAI_IDN_ENCODE
  put(env, c, "EAI_IDN_ENCODE", (double)(EAI_IDN_ENCODE));
#endif
#ifdef EPERM
  put(env, e, "EPERM", (double)(EPERM));
#endif
#ifdef ENOENT
  put(env, e, "ENOENT", (double)(ENOENT));
#endif
#ifdef ESRCH
  put(env, e, "ESRCH", (double)(ESRCH));
#endif
#ifdef EINTR
  put(env, e, "EINTR", (double)(EINTR));
#endif
#ifdef EIO
  put(env, e, "EIO", (double)(EIO));
#endif
#ifdef ENXIO
  put(env, e, "ENXIO", (double)(ENXIO));
#endif
#ifdef E2BIG
  put(env, e, "E2BIG", (double)(E2BIG));
#endif
#ifdef ENOEXEC
  put(env, e, "ENOEXEC", (double)(ENOEXEC));
#endif
#ifdef EBADF
  put(env, e, "EBADF", (double)(EBADF));
#endif
#ifdef ECHILD
  put(env, e, "ECHILD", (double)(ECHILD));
#endif
#ifdef EAGAIN
  put(env, e, "EAGAIN", (double)(EAGAIN));
#endif
#ifdef ENOMEM
  put(env, e, "ENOMEM", (double)(ENOMEM));
#endif
#ifdef EACCES
  put(env, e, "EACCES", (double)(EACCES));
#endif
#ifdef EFAULT
  put(env, e, "EFAULT", (double)(EFAULT));
#endif
#ifdef ENOTBLK
  put(env, e, "ENOTBLK", (double)(ENOTBLK));
#endif
#ifdef EBUSY
  put(env, e, "EBUSY", (double)(EBUSY));
#endif
#ifdef EEXIST
  put(env, e, "EEXIST", (double)(EEXIST));
#endif
#ifdef EXDEV
  put(env, e, "EXDEV", (double)(EXDEV));
#endif
#ifdef ENODEV
  put(env, e, "ENODEV", (double)(ENODEV));
#endif
#ifdef ENOTDIR
  put(env, e, "ENOTDIR", (double)(ENOTDIR));
#endif
#ifdef EISDIR
  put(env, e, "EISDIR", (double)(EISDIR));
#endif
#ifdef EINVAL
  put(env, e, "EINVAL", (double)(EINVAL));
#endif
#ifdef ENFILE
  put(env, e, "ENFILE", (double)(ENFILE));
#endif
#ifdef EMFILE
  put(env, e, "EMFILE", (double)(EMFILE));
#endif
#ifdef ENOTTY
  put(env, e, "ENOTTY", (double)(ENOTTY));
#endif
#ifdef ETXTBSY
  put(env, e, "ETXTBSY", (double)(ETXTBSY));
#endif
#ifdef EFBIG
  put(env, e, "EFBIG", (double)(EFBIG));
#endif
#ifdef ENOSPC
  put(env, e, "ENOSPC", (double)(ENOSPC));
#endif
#ifdef ESPIPE
  put(env, e, "ESPIPE", (double)(ESPIPE));
#endif
#ifdef EROFS
  put(env, e, "EROFS", (double)(EROFS));
#endif
#ifdef EMLINK
  put(env, e, "EMLINK", (double)(EMLINK));
#endif
#ifdef EPIPE
  put(env, e, "EPIPE", (double)(EPIPE));
#endif
#ifdef EDOM
  put(env, e, "EDOM", (double)(EDOM));
#endif
#ifdef ERANGE
  put(env, e, "ERANGE", (double)(ERANGE));
#endif
#ifdef EDEADLK
  put(env, e, "EDEADLK", (double)(EDEADLK));
#endif
#ifdef ENAMETOOLONG
  put(env, e, "ENAMETOOLONG", (double)(ENAMETOOLONG));
#endif
#ifdef ENOLCK
  put(env, e, "ENOLCK", (double)(ENOLCK));
#endif
#ifdef ENOSYS
  put(env, e, "ENOSYS", (double)(ENOSYS));
#endif
#ifdef ENOTEMPTY
  put(env, e, "ENOTEMPTY", (double)(ENOTEMPTY));
#endif
#ifdef ELOOP
  put(env, e, "ELOOP", (double)(ELOOP));
#endif
#ifdef ENOMSG
  put(env, e, "ENOMSG", (double)(ENOMSG));
#endif
#ifdef EIDRM
  put(env, e, "EIDRM", (double)(EIDRM));
#endif
#ifdef ENOSTR
  put(env, e, "ENOSTR", (double)(ENOSTR));
#endif
#ifdef ENODATA
  put(env, e, "ENODATA", (double)(ENODATA));
#endif
#ifdef ETIME
  put(env, e, "ETIME", (double)(ETIME));
#endif
#ifdef ENOSR
  put(env, e, "ENOSR", (double)(ENOSR));
#endif
#ifdef EREMOTE
  put(env, e, "EREMOTE", (double)(EREMOTE));
#endif
#ifdef ENOLINK
  put(env, e, "ENOLINK", (double)(ENOLINK));
#endif
#ifdef EPROTO
  put(env, e, "EPROTO", (double)(EPROTO));
#endif
#ifdef EBADMSG
  put(env, e, "EBADMSG", (double)(EBADMSG));
#endif
#ifdef EOVERFLOW
  put(env, e, "EOVERFLOW", (double)(EOVERFLOW));
#endif
#ifdef EILSEQ
  put(env, e, "EILSEQ", (double)(EILSEQ));
#endif
#ifdef EUSERS
  put(env, e, "EUSERS", (double)(EUSERS));
#endif
#ifdef ENOTSOCK
  put(env, e, "ENOTSOCK", (double)(ENOTSOCK));
#endif
#ifdef EDESTADDRREQ
  put(env, e, "EDESTADDRREQ", (double)(EDESTADDRREQ));
#endif
#ifdef EMSGSIZE
  put(env, e, "EMSGSIZE", (double)(EMSGSIZE));
#endif
#ifdef EPROTOTYPE
  put(env, e, "EPROTOTYPE", (double)(EPROTOTYPE));
#endif
#ifdef ENOPROTOOPT
  put(env, e, "ENOPROTOOPT", (double)(ENOPROTOOPT));
#endif
#ifdef EPROTONOSUPPORT
  put(env, e, "EPROTONOSUPPORT", (double)(EPROTONOSUPPORT));
#endif
#ifdef ESOCKTNOSUPPORT
  put(env, e, "ESOCKTNOSUPPORT", (double)(ESOCKTNOSUPPORT));
#endif
#ifdef EOPNOTSUPP
  put(env, e, "EOPNOTSUPP", (double)(EOPNOTSUPP));
#endif
#ifdef ENOTSUP
  put(env, e, "ENOTSUP", (double)(ENOTSUP));
#endif
#ifdef EPFNOSUPPORT
  put(env, e, "EPFNOSUPPORT", (double)(EPFNOSUPPORT));
#endif
#ifdef EAFNOSUPPORT
  put(env, e, "EAFNOSUPPORT", (double)(EAFNOSUPPORT));
#endif
#ifdef EADDRINUSE
  put(env, e, "EADDRINUSE", (double)(EADDRINUSE));
#endif
#ifdef EADDRNOTAVAIL
  put(env, e, "EADDRNOTAVAIL", (double)(EADDRNOTAVAIL));
#endif
#ifdef ENETDOWN
  put(env, e, "ENETDOWN", (double)(ENETDOWN));
#endif
#ifdef ENETUNREACH
  put(env, e, "ENETUNREACH", (double)(ENETUNREACH));
#endif
#ifdef ENETRESET
  put(env, e, "ENETRESET", (double)(ENETRESET));
#endif
#ifdef ECONNABORTED
  put(env, e, "ECONNABORTED", (double)(ECONNABORTED));
#endif
#ifdef ECONNRESET
  put(env, e, "ECONNRESET", (double)(ECONNRESET));
#endif
#ifdef ENOBUFS
  put(env, e, "ENOBUFS", (double)(ENOBUFS));
#endif
#ifdef EISCONN
  put(env, e, "EISCONN", (double)(EISCONN));
#endif
#ifdef ENOTCONN
  put(env, e, "ENOTCONN", (double)(ENOTCONN));
#endif
#ifdef ESHUTDOWN
  put(env, e, "ESHUTDOWN", (double)(ESHUTDOWN));
#endif
#ifdef ETOOMANYREFS
  put(env, e, "ETOOMANYREFS", (double)(ETOOMANYREFS));
#endif
#ifdef ETIMEDOUT
  put(env, e, "ETIMEDOUT", (double)(ETIMEDOUT));
#endif
#ifdef ECONNREFUSED
  put(env, e, "ECONNREFUSED", (double)(ECONNREFUSED));
#endif
#ifdef EHOSTDOWN
  put(env, e, "EHOSTDOWN", (double)(EHOSTDOWN));
#endif
#ifdef EHOSTUNREACH
  put(env, e, "EHOSTUNREACH", (double)(EHOSTUNREACH));
#endif
#ifdef EALREADY
  put(env, e, "EALREADY", (double)(EALREADY));
#endif
#ifdef EINPROGRESS
  put(env, e, "EINPROGRESS", (double)(EINPROGRESS));
#endif
#ifdef ESTALE
  put(env, e, "ESTALE", (double)(ESTALE));
#endif
#ifdef EDQUOT
  put(env, e, "EDQUOT", (double)(EDQUOT));
#endif
#ifdef ECANCELED
  put(env, e, "ECANCELED", (double)(ECANCELED));
#endif
#ifdef EOWNERDEAD
  put(env, e, "EOWNERDEAD", (double)(EOWNERDEAD));
#endif
#ifdef ENOTRECOVERABLE
  put(env, e, "ENOTRECOVERABLE", (double)(ENOTRECOVERABLE));
#endif
  napi_set_named_property(env, exports, "constants", c);
  napi_set_named_property(env, exports, "errno", e);
}
