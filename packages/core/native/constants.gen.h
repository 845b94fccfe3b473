/* Generated from native/constants.list by scripts/gen-constants.ts (npm run gen:constants): do not edit. */
/* constants: Address families */
#if defined(AF_UNSPEC)
  put(env, c, "AF_UNSPEC", (double)(long)(AF_UNSPEC));
#elif defined(GF_CONSTANTS_STRICT)
#error "AF_UNSPEC is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AF_INET)
  put(env, c, "AF_INET", (double)(long)(AF_INET));
#elif defined(GF_CONSTANTS_STRICT)
#error "AF_INET is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AF_INET6)
  put(env, c, "AF_INET6", (double)(long)(AF_INET6));
#elif defined(GF_CONSTANTS_STRICT)
#error "AF_INET6 is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AF_UNIX)
  put(env, c, "AF_UNIX", (double)(long)(AF_UNIX));
#elif defined(GF_CONSTANTS_STRICT)
#error "AF_UNIX is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AF_AX25)
  put(env, c, "AF_AX25", (double)(long)(AF_AX25));
#endif
#if defined(AF_IPX)
  put(env, c, "AF_IPX", (double)(long)(AF_IPX));
#endif
#if defined(AF_APPLETALK)
  put(env, c, "AF_APPLETALK", (double)(long)(AF_APPLETALK));
#endif
#if defined(AF_NETROM)
  put(env, c, "AF_NETROM", (double)(long)(AF_NETROM));
#endif
#if defined(AF_BRIDGE)
  put(env, c, "AF_BRIDGE", (double)(long)(AF_BRIDGE));
#endif
#if defined(AF_ATMPVC)
  put(env, c, "AF_ATMPVC", (double)(long)(AF_ATMPVC));
#endif
#if defined(AF_AAL5)
  put(env, c, "AF_AAL5", (double)(long)(AF_AAL5));
#endif
#if defined(AF_ALG) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "AF_ALG", (double)(long)(AF_ALG));
#endif
#if defined(AF_X25)
  put(env, c, "AF_X25", (double)(long)(AF_X25));
#endif
#if defined(AF_ROSE)
  put(env, c, "AF_ROSE", (double)(long)(AF_ROSE));
#endif
#if defined(AF_DECnet)
  put(env, c, "AF_DECnet", (double)(long)(AF_DECnet));
#endif
#if defined(AF_NETBEUI)
  put(env, c, "AF_NETBEUI", (double)(long)(AF_NETBEUI));
#endif
#if defined(AF_SECURITY)
  put(env, c, "AF_SECURITY", (double)(long)(AF_SECURITY));
#endif
#if defined(AF_KEY)
  put(env, c, "AF_KEY", (double)(long)(AF_KEY));
#endif
#if defined(AF_NETLINK)
  put(env, c, "AF_NETLINK", (double)(long)(AF_NETLINK));
#endif
#if defined(AF_QIPCRTR)
  put(env, c, "AF_QIPCRTR", (double)(long)(AF_QIPCRTR));
#endif
#if defined(AF_VSOCK)
  put(env, c, "AF_VSOCK", (double)(long)(AF_VSOCK));
#endif
#if defined(AF_ROUTE)
  put(env, c, "AF_ROUTE", (double)(long)(AF_ROUTE));
#endif
#if defined(AF_LINK)
  put(env, c, "AF_LINK", (double)(long)(AF_LINK));
#endif
#if defined(AF_ASH)
  put(env, c, "AF_ASH", (double)(long)(AF_ASH));
#endif
#if defined(AF_ECONET)
  put(env, c, "AF_ECONET", (double)(long)(AF_ECONET));
#endif
#if defined(AF_ATMSVC)
  put(env, c, "AF_ATMSVC", (double)(long)(AF_ATMSVC));
#endif
#if defined(AF_SNA)
  put(env, c, "AF_SNA", (double)(long)(AF_SNA));
#endif
#if defined(AF_IRDA)
  put(env, c, "AF_IRDA", (double)(long)(AF_IRDA));
#endif
#if defined(AF_PPPOX)
  put(env, c, "AF_PPPOX", (double)(long)(AF_PPPOX));
#endif
#if defined(AF_WANPIPE)
  put(env, c, "AF_WANPIPE", (double)(long)(AF_WANPIPE));
#endif
#if defined(AF_LLC)
  put(env, c, "AF_LLC", (double)(long)(AF_LLC));
#endif
#if defined(AF_CAN)
  put(env, c, "AF_CAN", (double)(long)(AF_CAN));
#endif
#if defined(PF_CAN)
  put(env, c, "PF_CAN", (double)(long)(PF_CAN));
#endif
#if defined(AF_RDS)
  put(env, c, "AF_RDS", (double)(long)(AF_RDS));
#endif
#if defined(PF_RDS)
  put(env, c, "PF_RDS", (double)(long)(PF_RDS));
#endif
#if defined(AF_SYSTEM)
  put(env, c, "AF_SYSTEM", (double)(long)(AF_SYSTEM));
#endif
#if defined(PF_SYSTEM)
  put(env, c, "PF_SYSTEM", (double)(long)(PF_SYSTEM));
#endif
#if defined(AF_DIVERT)
  put(env, c, "AF_DIVERT", (double)(long)(AF_DIVERT));
#endif
#if defined(PF_DIVERT)
  put(env, c, "PF_DIVERT", (double)(long)(PF_DIVERT));
#endif
#if defined(AF_PACKET)
  put(env, c, "AF_PACKET", (double)(long)(AF_PACKET));
#endif
#if defined(PF_PACKET)
  put(env, c, "PF_PACKET", (double)(long)(PF_PACKET));
#endif
#if defined(AF_TIPC) && defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "AF_TIPC", (double)(long)(AF_TIPC));
#endif
/* constants: Netlink protocols (AF_NETLINK) */
#if defined(AF_NETLINK) && defined(NETLINK_ROUTE)
  put(env, c, "NETLINK_ROUTE", (double)(long)(NETLINK_ROUTE));
#endif
#if defined(AF_NETLINK) && defined(NETLINK_USERSOCK)
  put(env, c, "NETLINK_USERSOCK", (double)(long)(NETLINK_USERSOCK));
#endif
#if defined(AF_NETLINK) && defined(NETLINK_FIREWALL)
  put(env, c, "NETLINK_FIREWALL", (double)(long)(NETLINK_FIREWALL));
#endif
#if defined(AF_NETLINK) && defined(NETLINK_NFLOG)
  put(env, c, "NETLINK_NFLOG", (double)(long)(NETLINK_NFLOG));
#endif
#if defined(AF_NETLINK) && defined(NETLINK_XFRM)
  put(env, c, "NETLINK_XFRM", (double)(long)(NETLINK_XFRM));
#endif
#if defined(AF_NETLINK) && defined(NETLINK_IP6_FW)
  put(env, c, "NETLINK_IP6_FW", (double)(long)(NETLINK_IP6_FW));
#endif
#if defined(AF_NETLINK) && defined(NETLINK_DNRTMSG)
  put(env, c, "NETLINK_DNRTMSG", (double)(long)(NETLINK_DNRTMSG));
#endif
#if defined(AF_NETLINK) && defined(NETLINK_CRYPTO)
  put(env, c, "NETLINK_CRYPTO", (double)(long)(NETLINK_CRYPTO));
#endif
/* constants: VM sockets (AF_VSOCK; literal values as CPython gives them) */
#if defined(AF_VSOCK)
  put(env, c, "SO_VM_SOCKETS_BUFFER_SIZE", (double)(long)(0));
#endif
#if defined(AF_VSOCK)
  put(env, c, "SO_VM_SOCKETS_BUFFER_MIN_SIZE", (double)(long)(1));
#endif
#if defined(AF_VSOCK)
  put(env, c, "SO_VM_SOCKETS_BUFFER_MAX_SIZE", (double)(long)(2));
#endif
#if defined(AF_VSOCK)
  put(env, c, "VMADDR_CID_ANY", (double)(long)(0xffffffffu));
#endif
#if defined(AF_VSOCK)
  put(env, c, "VMADDR_PORT_ANY", (double)(long)(0xffffffffu));
#endif
#if defined(AF_VSOCK)
  put(env, c, "VMADDR_CID_LOCAL", (double)(long)(1));
#endif
#if defined(AF_VSOCK)
  put(env, c, "VMADDR_CID_HOST", (double)(long)(2));
#endif
#if defined(AF_VSOCK)
  put(env, c, "VM_SOCKETS_INVALID_VERSION", (double)(long)(0xffffffffu));
#endif
#if defined(AF_VSOCK) && defined(_IO)
  put(env, c, "IOCTL_VM_SOCKETS_GET_LOCAL_CID", (double)(long)(_IO(7, 0xb9)));
#endif
/* constants: Packet sockets (AF_PACKET) */
#if defined(PACKET_HOST)
  put(env, c, "PACKET_HOST", (double)(long)(PACKET_HOST));
#endif
#if defined(PACKET_BROADCAST)
  put(env, c, "PACKET_BROADCAST", (double)(long)(PACKET_BROADCAST));
#endif
#if defined(PACKET_MULTICAST)
  put(env, c, "PACKET_MULTICAST", (double)(long)(PACKET_MULTICAST));
#endif
#if defined(PACKET_OTHERHOST)
  put(env, c, "PACKET_OTHERHOST", (double)(long)(PACKET_OTHERHOST));
#endif
#if defined(PACKET_OUTGOING)
  put(env, c, "PACKET_OUTGOING", (double)(long)(PACKET_OUTGOING));
#endif
#if defined(PACKET_LOOPBACK)
  put(env, c, "PACKET_LOOPBACK", (double)(long)(PACKET_LOOPBACK));
#endif
#if defined(PACKET_FASTROUTE)
  put(env, c, "PACKET_FASTROUTE", (double)(long)(PACKET_FASTROUTE));
#endif
/* constants: TIPC (AF_TIPC) */
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_ADDR_NAMESEQ", (double)(long)(TIPC_ADDR_NAMESEQ));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_ADDR_NAME", (double)(long)(TIPC_ADDR_NAME));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_ADDR_ID", (double)(long)(TIPC_ADDR_ID));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_ZONE_SCOPE", (double)(long)(TIPC_ZONE_SCOPE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_CLUSTER_SCOPE", (double)(long)(TIPC_CLUSTER_SCOPE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_NODE_SCOPE", (double)(long)(TIPC_NODE_SCOPE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H) && defined(SOL_TIPC)
  put(env, c, "SOL_TIPC", (double)(long)(SOL_TIPC));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_IMPORTANCE", (double)(long)(TIPC_IMPORTANCE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_SRC_DROPPABLE", (double)(long)(TIPC_SRC_DROPPABLE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_DEST_DROPPABLE", (double)(long)(TIPC_DEST_DROPPABLE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_CONN_TIMEOUT", (double)(long)(TIPC_CONN_TIMEOUT));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_LOW_IMPORTANCE", (double)(long)(TIPC_LOW_IMPORTANCE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_MEDIUM_IMPORTANCE", (double)(long)(TIPC_MEDIUM_IMPORTANCE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_HIGH_IMPORTANCE", (double)(long)(TIPC_HIGH_IMPORTANCE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_CRITICAL_IMPORTANCE", (double)(long)(TIPC_CRITICAL_IMPORTANCE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_SUB_PORTS", (double)(long)(TIPC_SUB_PORTS));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_SUB_SERVICE", (double)(long)(TIPC_SUB_SERVICE));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H) && defined(TIPC_SUB_CANCEL)
  put(env, c, "TIPC_SUB_CANCEL", (double)(long)(TIPC_SUB_CANCEL));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_WAIT_FOREVER", (double)(long)(TIPC_WAIT_FOREVER));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_PUBLISHED", (double)(long)(TIPC_PUBLISHED));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_WITHDRAWN", (double)(long)(TIPC_WITHDRAWN));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_SUBSCR_TIMEOUT", (double)(long)(TIPC_SUBSCR_TIMEOUT));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_CFG_SRV", (double)(long)(TIPC_CFG_SRV));
#endif
#if defined(GF_HAVE_LINUX_TIPC_H)
  put(env, c, "TIPC_TOP_SRV", (double)(long)(TIPC_TOP_SRV));
#endif
/* constants: Kernel crypto API (AF_ALG) */
#if defined(SOL_ALG) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "SOL_ALG", (double)(long)(SOL_ALG));
#endif
#if defined(ALG_SET_KEY) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "ALG_SET_KEY", (double)(long)(ALG_SET_KEY));
#endif
#if defined(ALG_SET_IV) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "ALG_SET_IV", (double)(long)(ALG_SET_IV));
#endif
#if defined(ALG_SET_OP) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "ALG_SET_OP", (double)(long)(ALG_SET_OP));
#endif
#if defined(ALG_SET_AEAD_ASSOCLEN) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "ALG_SET_AEAD_ASSOCLEN", (double)(long)(ALG_SET_AEAD_ASSOCLEN));
#endif
#if defined(ALG_SET_AEAD_AUTHSIZE) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "ALG_SET_AEAD_AUTHSIZE", (double)(long)(ALG_SET_AEAD_AUTHSIZE));
#endif
#if defined(GF_HAVE_LINUX_IF_ALG_H)
#if defined(ALG_SET_PUBKEY)
  put(env, c, "ALG_SET_PUBKEY", (double)(long)(ALG_SET_PUBKEY));
#else
  put(env, c, "ALG_SET_PUBKEY", (double)(long)(6));
#endif
#endif
#if defined(ALG_OP_DECRYPT) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "ALG_OP_DECRYPT", (double)(long)(ALG_OP_DECRYPT));
#endif
#if defined(ALG_OP_ENCRYPT) && defined(GF_HAVE_LINUX_IF_ALG_H)
  put(env, c, "ALG_OP_ENCRYPT", (double)(long)(ALG_OP_ENCRYPT));
#endif
#if defined(GF_HAVE_LINUX_IF_ALG_H)
#if defined(ALG_OP_SIGN)
  put(env, c, "ALG_OP_SIGN", (double)(long)(ALG_OP_SIGN));
#else
  put(env, c, "ALG_OP_SIGN", (double)(long)(2));
#endif
#endif
#if defined(GF_HAVE_LINUX_IF_ALG_H)
#if defined(ALG_OP_VERIFY)
  put(env, c, "ALG_OP_VERIFY", (double)(long)(ALG_OP_VERIFY));
#else
  put(env, c, "ALG_OP_VERIFY", (double)(long)(3));
#endif
#endif
/* constants: Ethernet protocol numbers */
#if defined(ETHERTYPE_ARP)
  put(env, c, "ETHERTYPE_ARP", (double)(long)(ETHERTYPE_ARP));
#endif
#if defined(ETHERTYPE_IP)
  put(env, c, "ETHERTYPE_IP", (double)(long)(ETHERTYPE_IP));
#endif
#if defined(ETHERTYPE_IPV6)
  put(env, c, "ETHERTYPE_IPV6", (double)(long)(ETHERTYPE_IPV6));
#endif
#if defined(ETHERTYPE_VLAN)
  put(env, c, "ETHERTYPE_VLAN", (double)(long)(ETHERTYPE_VLAN));
#endif
#if defined(ETH_P_ALL)
  put(env, c, "ETH_P_ALL", (double)(long)(ETH_P_ALL));
#endif
/* constants: Socket types (and the SOCK_NONBLOCK/SOCK_CLOEXEC flags) */
#if defined(SOCK_STREAM)
  put(env, c, "SOCK_STREAM", (double)(long)(SOCK_STREAM));
#elif defined(GF_CONSTANTS_STRICT)
#error "SOCK_STREAM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SOCK_DGRAM)
  put(env, c, "SOCK_DGRAM", (double)(long)(SOCK_DGRAM));
#elif defined(GF_CONSTANTS_STRICT)
#error "SOCK_DGRAM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SOCK_RAW)
  put(env, c, "SOCK_RAW", (double)(long)(SOCK_RAW));
#elif defined(GF_CONSTANTS_STRICT)
#error "SOCK_RAW is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SOCK_SEQPACKET)
  put(env, c, "SOCK_SEQPACKET", (double)(long)(SOCK_SEQPACKET));
#elif defined(GF_CONSTANTS_STRICT)
#error "SOCK_SEQPACKET is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SOCK_RDM)
  put(env, c, "SOCK_RDM", (double)(long)(SOCK_RDM));
#elif defined(GF_CONSTANTS_STRICT)
#error "SOCK_RDM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SOCK_NONBLOCK)
  put(env, c, "SOCK_NONBLOCK", (double)(long)(SOCK_NONBLOCK));
#endif
#if defined(SOCK_CLOEXEC)
  put(env, c, "SOCK_CLOEXEC", (double)(long)(SOCK_CLOEXEC));
#endif
/* constants: Socket options (SOL_SOCKET) */
#if defined(SO_DEBUG)
  put(env, c, "SO_DEBUG", (double)(long)(SO_DEBUG));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_DEBUG is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_ACCEPTCONN)
  put(env, c, "SO_ACCEPTCONN", (double)(long)(SO_ACCEPTCONN));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_ACCEPTCONN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_REUSEADDR)
  put(env, c, "SO_REUSEADDR", (double)(long)(SO_REUSEADDR));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_REUSEADDR is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_EXCLUSIVEADDRUSE)
  put(env, c, "SO_EXCLUSIVEADDRUSE", (double)(long)(SO_EXCLUSIVEADDRUSE));
#endif
#if defined(SO_REUSEPORT)
  put(env, c, "SO_REUSEPORT", (double)(long)(SO_REUSEPORT));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_REUSEPORT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_REUSEPORT_LB)
  put(env, c, "SO_REUSEPORT_LB", (double)(long)(SO_REUSEPORT_LB));
#endif
#if defined(SO_KEEPALIVE)
  put(env, c, "SO_KEEPALIVE", (double)(long)(SO_KEEPALIVE));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_KEEPALIVE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_DONTROUTE)
  put(env, c, "SO_DONTROUTE", (double)(long)(SO_DONTROUTE));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_DONTROUTE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_BROADCAST)
  put(env, c, "SO_BROADCAST", (double)(long)(SO_BROADCAST));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_BROADCAST is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_USELOOPBACK)
  put(env, c, "SO_USELOOPBACK", (double)(long)(SO_USELOOPBACK));
#endif
#if defined(SO_LINGER)
  put(env, c, "SO_LINGER", (double)(long)(SO_LINGER));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_LINGER is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_OOBINLINE)
  put(env, c, "SO_OOBINLINE", (double)(long)(SO_OOBINLINE));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_OOBINLINE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_ORIGINAL_DST)
  put(env, c, "SO_ORIGINAL_DST", (double)(long)(SO_ORIGINAL_DST));
#endif
#if defined(SO_SNDBUF)
  put(env, c, "SO_SNDBUF", (double)(long)(SO_SNDBUF));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_SNDBUF is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_RCVBUF)
  put(env, c, "SO_RCVBUF", (double)(long)(SO_RCVBUF));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_RCVBUF is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_SNDLOWAT)
  put(env, c, "SO_SNDLOWAT", (double)(long)(SO_SNDLOWAT));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_SNDLOWAT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_RCVLOWAT)
  put(env, c, "SO_RCVLOWAT", (double)(long)(SO_RCVLOWAT));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_RCVLOWAT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_SNDTIMEO)
  put(env, c, "SO_SNDTIMEO", (double)(long)(SO_SNDTIMEO));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_SNDTIMEO is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_RCVTIMEO)
  put(env, c, "SO_RCVTIMEO", (double)(long)(SO_RCVTIMEO));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_RCVTIMEO is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_ERROR)
  put(env, c, "SO_ERROR", (double)(long)(SO_ERROR));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_ERROR is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_TYPE)
  put(env, c, "SO_TYPE", (double)(long)(SO_TYPE));
#elif defined(GF_CONSTANTS_STRICT)
#error "SO_TYPE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SO_SETFIB)
  put(env, c, "SO_SETFIB", (double)(long)(SO_SETFIB));
#endif
#if defined(SO_DOMAIN)
  put(env, c, "SO_DOMAIN", (double)(long)(SO_DOMAIN));
#endif
#if defined(SO_PROTOCOL)
  put(env, c, "SO_PROTOCOL", (double)(long)(SO_PROTOCOL));
#endif
#if defined(SO_PASSCRED)
  put(env, c, "SO_PASSCRED", (double)(long)(SO_PASSCRED));
#endif
#if defined(SO_PEERCRED)
  put(env, c, "SO_PEERCRED", (double)(long)(SO_PEERCRED));
#endif
#if defined(LOCAL_PEERCRED)
  put(env, c, "LOCAL_PEERCRED", (double)(long)(LOCAL_PEERCRED));
#endif
#if defined(SO_PASSSEC)
  put(env, c, "SO_PASSSEC", (double)(long)(SO_PASSSEC));
#endif
#if defined(SO_PEERSEC)
  put(env, c, "SO_PEERSEC", (double)(long)(SO_PEERSEC));
#endif
#if defined(SO_BINDTODEVICE)
  put(env, c, "SO_BINDTODEVICE", (double)(long)(SO_BINDTODEVICE));
#endif
#if defined(SO_BINDTOIFINDEX)
  put(env, c, "SO_BINDTOIFINDEX", (double)(long)(SO_BINDTOIFINDEX));
#endif
#if defined(SO_PRIORITY)
  put(env, c, "SO_PRIORITY", (double)(long)(SO_PRIORITY));
#endif
#if defined(SO_MARK)
  put(env, c, "SO_MARK", (double)(long)(SO_MARK));
#endif
#if defined(SO_USER_COOKIE)
  put(env, c, "SO_USER_COOKIE", (double)(long)(SO_USER_COOKIE));
#endif
#if defined(SO_RTABLE)
  put(env, c, "SO_RTABLE", (double)(long)(SO_RTABLE));
#endif
#if defined(SO_INCOMING_CPU)
  put(env, c, "SO_INCOMING_CPU", (double)(long)(SO_INCOMING_CPU));
#endif
#if defined(LOCAL_CREDS)
  put(env, c, "LOCAL_CREDS", (double)(long)(LOCAL_CREDS));
#endif
#if defined(LOCAL_CREDS_PERSISTENT)
  put(env, c, "LOCAL_CREDS_PERSISTENT", (double)(long)(LOCAL_CREDS_PERSISTENT));
#endif
#if defined(SOMAXCONN)
  put(env, c, "SOMAXCONN", (double)(long)(SOMAXCONN));
#else
  put(env, c, "SOMAXCONN", (double)(long)(5));
#endif
/* constants: Ancillary data types (SCM_CREDENTIALS: Linux; SCM_CREDS: the BSDs) */
#if defined(SCM_RIGHTS)
  put(env, c, "SCM_RIGHTS", (double)(long)(SCM_RIGHTS));
#elif defined(GF_CONSTANTS_STRICT)
#error "SCM_RIGHTS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SCM_CREDENTIALS)
  put(env, c, "SCM_CREDENTIALS", (double)(long)(SCM_CREDENTIALS));
#endif
#if defined(SCM_CREDS)
  put(env, c, "SCM_CREDS", (double)(long)(SCM_CREDS));
#endif
#if defined(SCM_CREDS2)
  put(env, c, "SCM_CREDS2", (double)(long)(SCM_CREDS2));
#endif
#if defined(SCM_TIMESTAMP)
  put(env, c, "SCM_TIMESTAMP", (double)(long)(SCM_TIMESTAMP));
#elif defined(GF_CONSTANTS_STRICT)
#error "SCM_TIMESTAMP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SCM_TIMESTAMPNS)
  put(env, c, "SCM_TIMESTAMPNS", (double)(long)(SCM_TIMESTAMPNS));
#endif
/* constants: Message flags */
#if defined(MSG_OOB)
  put(env, c, "MSG_OOB", (double)(long)(MSG_OOB));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_OOB is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_PEEK)
  put(env, c, "MSG_PEEK", (double)(long)(MSG_PEEK));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_PEEK is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_DONTROUTE)
  put(env, c, "MSG_DONTROUTE", (double)(long)(MSG_DONTROUTE));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_DONTROUTE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_DONTWAIT)
  put(env, c, "MSG_DONTWAIT", (double)(long)(MSG_DONTWAIT));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_DONTWAIT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_EOR)
  put(env, c, "MSG_EOR", (double)(long)(MSG_EOR));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_EOR is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_TRUNC)
  put(env, c, "MSG_TRUNC", (double)(long)(MSG_TRUNC));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_TRUNC is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_CTRUNC)
  put(env, c, "MSG_CTRUNC", (double)(long)(MSG_CTRUNC));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_CTRUNC is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_WAITALL)
  put(env, c, "MSG_WAITALL", (double)(long)(MSG_WAITALL));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_WAITALL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_BTAG)
  put(env, c, "MSG_BTAG", (double)(long)(MSG_BTAG));
#endif
#if defined(MSG_ETAG)
  put(env, c, "MSG_ETAG", (double)(long)(MSG_ETAG));
#endif
#if defined(MSG_NOSIGNAL)
  put(env, c, "MSG_NOSIGNAL", (double)(long)(MSG_NOSIGNAL));
#elif defined(GF_CONSTANTS_STRICT)
#error "MSG_NOSIGNAL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(MSG_NOTIFICATION)
  put(env, c, "MSG_NOTIFICATION", (double)(long)(MSG_NOTIFICATION));
#endif
#if defined(MSG_CMSG_CLOEXEC)
  put(env, c, "MSG_CMSG_CLOEXEC", (double)(long)(MSG_CMSG_CLOEXEC));
#endif
#if defined(MSG_ERRQUEUE)
  put(env, c, "MSG_ERRQUEUE", (double)(long)(MSG_ERRQUEUE));
#endif
#if defined(MSG_CONFIRM)
  put(env, c, "MSG_CONFIRM", (double)(long)(MSG_CONFIRM));
#endif
#if defined(MSG_MORE)
  put(env, c, "MSG_MORE", (double)(long)(MSG_MORE));
#endif
#if defined(MSG_EOF)
  put(env, c, "MSG_EOF", (double)(long)(MSG_EOF));
#endif
#if defined(MSG_BCAST)
  put(env, c, "MSG_BCAST", (double)(long)(MSG_BCAST));
#endif
#if defined(MSG_MCAST)
  put(env, c, "MSG_MCAST", (double)(long)(MSG_MCAST));
#endif
#if defined(MSG_FASTOPEN)
  put(env, c, "MSG_FASTOPEN", (double)(long)(MSG_FASTOPEN));
#endif
#if defined(MSG_ZEROCOPY)
  put(env, c, "MSG_ZEROCOPY", (double)(long)(MSG_ZEROCOPY));
#endif
/* constants: Protocol levels for [gs]etsockopt */
#if defined(SOL_SOCKET)
  put(env, c, "SOL_SOCKET", (double)(long)(SOL_SOCKET));
#elif defined(GF_CONSTANTS_STRICT)
#error "SOL_SOCKET is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(SOL_IP)
  put(env, c, "SOL_IP", (double)(long)(SOL_IP));
#else
  put(env, c, "SOL_IP", (double)(long)(0));
#endif
#if defined(SOL_IPX)
  put(env, c, "SOL_IPX", (double)(long)(SOL_IPX));
#endif
#if defined(SOL_AX25)
  put(env, c, "SOL_AX25", (double)(long)(SOL_AX25));
#endif
#if defined(SOL_ATALK)
  put(env, c, "SOL_ATALK", (double)(long)(SOL_ATALK));
#endif
#if defined(SOL_NETROM)
  put(env, c, "SOL_NETROM", (double)(long)(SOL_NETROM));
#endif
#if defined(SOL_ROSE)
  put(env, c, "SOL_ROSE", (double)(long)(SOL_ROSE));
#endif
#if defined(SOL_TCP)
  put(env, c, "SOL_TCP", (double)(long)(SOL_TCP));
#else
  put(env, c, "SOL_TCP", (double)(long)(6));
#endif
#if defined(SOL_UDP)
  put(env, c, "SOL_UDP", (double)(long)(SOL_UDP));
#else
  put(env, c, "SOL_UDP", (double)(long)(17));
#endif
#if defined(SOL_IPV6)
  put(env, c, "SOL_IPV6", (double)(long)(SOL_IPV6));
#endif
#if defined(SOL_RDS)
  put(env, c, "SOL_RDS", (double)(long)(SOL_RDS));
#endif
/* constants: CAN bus (AF_CAN) */
#if defined(SOL_CAN_BASE)
  put(env, c, "SOL_CAN_BASE", (double)(long)(SOL_CAN_BASE));
#endif
#if defined(SOL_CAN_RAW)
  put(env, c, "SOL_CAN_RAW", (double)(long)(SOL_CAN_RAW));
#endif
#if defined(SOL_CAN_RAW) && defined(CAN_RAW)
  put(env, c, "CAN_RAW", (double)(long)(CAN_RAW));
#endif
#if defined(GF_HAVE_LINUX_CAN_H)
  put(env, c, "CAN_EFF_FLAG", (double)(long)(CAN_EFF_FLAG));
#endif
#if defined(GF_HAVE_LINUX_CAN_H)
  put(env, c, "CAN_RTR_FLAG", (double)(long)(CAN_RTR_FLAG));
#endif
#if defined(GF_HAVE_LINUX_CAN_H)
  put(env, c, "CAN_ERR_FLAG", (double)(long)(CAN_ERR_FLAG));
#endif
#if defined(GF_HAVE_LINUX_CAN_H)
  put(env, c, "CAN_SFF_MASK", (double)(long)(CAN_SFF_MASK));
#endif
#if defined(GF_HAVE_LINUX_CAN_H)
  put(env, c, "CAN_EFF_MASK", (double)(long)(CAN_EFF_MASK));
#endif
#if defined(GF_HAVE_LINUX_CAN_H)
  put(env, c, "CAN_ERR_MASK", (double)(long)(CAN_ERR_MASK));
#endif
#if defined(GF_HAVE_LINUX_CAN_H) && defined(CAN_ISOTP)
  put(env, c, "CAN_ISOTP", (double)(long)(CAN_ISOTP));
#endif
#if defined(GF_HAVE_LINUX_CAN_H) && defined(CAN_J1939)
  put(env, c, "CAN_J1939", (double)(long)(CAN_J1939));
#endif
#if defined(GF_HAVE_LINUX_CAN_RAW_H)
  put(env, c, "CAN_RAW_FILTER", (double)(long)(CAN_RAW_FILTER));
#endif
#if defined(GF_HAVE_LINUX_CAN_RAW_H)
  put(env, c, "CAN_RAW_ERR_FILTER", (double)(long)(CAN_RAW_ERR_FILTER));
#endif
#if defined(GF_HAVE_LINUX_CAN_RAW_H)
  put(env, c, "CAN_RAW_LOOPBACK", (double)(long)(CAN_RAW_LOOPBACK));
#endif
#if defined(GF_HAVE_LINUX_CAN_RAW_H)
  put(env, c, "CAN_RAW_RECV_OWN_MSGS", (double)(long)(CAN_RAW_RECV_OWN_MSGS));
#endif
#if defined(GF_HAVE_LINUX_CAN_RAW_H)
  put(env, c, "CAN_RAW_FD_FRAMES", (double)(long)(CAN_RAW_FD_FRAMES));
#endif
#if defined(GF_HAVE_LINUX_CAN_RAW_H)
  put(env, c, "CAN_RAW_JOIN_FILTERS", (double)(long)(CAN_RAW_JOIN_FILTERS));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H) && defined(CAN_BCM)
  put(env, c, "CAN_BCM", (double)(long)(CAN_BCM));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_SETUP", (double)(long)(TX_SETUP));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_DELETE", (double)(long)(TX_DELETE));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_READ", (double)(long)(TX_READ));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_SEND", (double)(long)(TX_SEND));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_SETUP", (double)(long)(RX_SETUP));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_DELETE", (double)(long)(RX_DELETE));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_READ", (double)(long)(RX_READ));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_STATUS", (double)(long)(TX_STATUS));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_EXPIRED", (double)(long)(TX_EXPIRED));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_STATUS", (double)(long)(RX_STATUS));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_TIMEOUT", (double)(long)(RX_TIMEOUT));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_CHANGED", (double)(long)(RX_CHANGED));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_SETTIMER", (double)(long)(SETTIMER));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_STARTTIMER", (double)(long)(STARTTIMER));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_COUNTEVT", (double)(long)(TX_COUNTEVT));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_ANNOUNCE", (double)(long)(TX_ANNOUNCE));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_CP_CAN_ID", (double)(long)(TX_CP_CAN_ID));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_FILTER_ID", (double)(long)(RX_FILTER_ID));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_CHECK_DLC", (double)(long)(RX_CHECK_DLC));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_NO_AUTOTIMER", (double)(long)(RX_NO_AUTOTIMER));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_ANNOUNCE_RESUME", (double)(long)(RX_ANNOUNCE_RESUME));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_TX_RESET_MULTI_IDX", (double)(long)(TX_RESET_MULTI_IDX));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H)
  put(env, c, "CAN_BCM_RX_RTR_FRAME", (double)(long)(RX_RTR_FRAME));
#endif
#if defined(GF_HAVE_LINUX_CAN_BCM_H) && defined(CAN_FD_FRAME)
  put(env, c, "CAN_BCM_CAN_FD_FRAME", (double)(long)(CAN_FD_FRAME));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_MAX_UNICAST_ADDR", (double)(long)(J1939_MAX_UNICAST_ADDR));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_IDLE_ADDR", (double)(long)(J1939_IDLE_ADDR));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_NO_ADDR", (double)(long)(J1939_NO_ADDR));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_NO_NAME", (double)(long)(J1939_NO_NAME));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_PGN_REQUEST", (double)(long)(J1939_PGN_REQUEST));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_PGN_ADDRESS_CLAIMED", (double)(long)(J1939_PGN_ADDRESS_CLAIMED));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_PGN_ADDRESS_COMMANDED", (double)(long)(J1939_PGN_ADDRESS_COMMANDED));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_PGN_PDU1_MAX", (double)(long)(J1939_PGN_PDU1_MAX));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_PGN_MAX", (double)(long)(J1939_PGN_MAX));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_NO_PGN", (double)(long)(J1939_NO_PGN));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "SO_J1939_FILTER", (double)(long)(SO_J1939_FILTER));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "SO_J1939_PROMISC", (double)(long)(SO_J1939_PROMISC));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "SO_J1939_SEND_PRIO", (double)(long)(SO_J1939_SEND_PRIO));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "SO_J1939_ERRQUEUE", (double)(long)(SO_J1939_ERRQUEUE));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "SCM_J1939_DEST_ADDR", (double)(long)(SCM_J1939_DEST_ADDR));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "SCM_J1939_DEST_NAME", (double)(long)(SCM_J1939_DEST_NAME));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "SCM_J1939_PRIO", (double)(long)(SCM_J1939_PRIO));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "SCM_J1939_ERRQUEUE", (double)(long)(SCM_J1939_ERRQUEUE));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_NLA_PAD", (double)(long)(J1939_NLA_PAD));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_NLA_BYTES_ACKED", (double)(long)(J1939_NLA_BYTES_ACKED));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_EE_INFO_NONE", (double)(long)(J1939_EE_INFO_NONE));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_EE_INFO_TX_ABORT", (double)(long)(J1939_EE_INFO_TX_ABORT));
#endif
#if defined(GF_HAVE_LINUX_CAN_J1939_H)
  put(env, c, "J1939_FILTER_MAX", (double)(long)(J1939_FILTER_MAX));
#endif
/* constants: IP protocol numbers */
#if defined(IPPROTO_IP)
  put(env, c, "IPPROTO_IP", (double)(long)(IPPROTO_IP));
#else
  put(env, c, "IPPROTO_IP", (double)(long)(0));
#endif
#if defined(IPPROTO_HOPOPTS)
  put(env, c, "IPPROTO_HOPOPTS", (double)(long)(IPPROTO_HOPOPTS));
#endif
#if defined(IPPROTO_ICMP)
  put(env, c, "IPPROTO_ICMP", (double)(long)(IPPROTO_ICMP));
#else
  put(env, c, "IPPROTO_ICMP", (double)(long)(1));
#endif
#if defined(IPPROTO_IGMP)
  put(env, c, "IPPROTO_IGMP", (double)(long)(IPPROTO_IGMP));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPPROTO_IGMP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPPROTO_GGP)
  put(env, c, "IPPROTO_GGP", (double)(long)(IPPROTO_GGP));
#endif
#if defined(IPPROTO_IPV4)
  put(env, c, "IPPROTO_IPV4", (double)(long)(IPPROTO_IPV4));
#endif
#if defined(IPPROTO_IPV6)
  put(env, c, "IPPROTO_IPV6", (double)(long)(IPPROTO_IPV6));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPPROTO_IPV6 is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPPROTO_IPIP)
  put(env, c, "IPPROTO_IPIP", (double)(long)(IPPROTO_IPIP));
#endif
#if defined(IPPROTO_TCP)
  put(env, c, "IPPROTO_TCP", (double)(long)(IPPROTO_TCP));
#else
  put(env, c, "IPPROTO_TCP", (double)(long)(6));
#endif
#if defined(IPPROTO_EGP)
  put(env, c, "IPPROTO_EGP", (double)(long)(IPPROTO_EGP));
#endif
#if defined(IPPROTO_PUP)
  put(env, c, "IPPROTO_PUP", (double)(long)(IPPROTO_PUP));
#endif
#if defined(IPPROTO_UDP)
  put(env, c, "IPPROTO_UDP", (double)(long)(IPPROTO_UDP));
#else
  put(env, c, "IPPROTO_UDP", (double)(long)(17));
#endif
#if defined(IPPROTO_UDPLITE)
  put(env, c, "IPPROTO_UDPLITE", (double)(long)(IPPROTO_UDPLITE));
#endif
#if defined(IPPROTO_UDPLITE)
#if defined(UDPLITE_SEND_CSCOV)
  put(env, c, "UDPLITE_SEND_CSCOV", (double)(long)(UDPLITE_SEND_CSCOV));
#else
  put(env, c, "UDPLITE_SEND_CSCOV", (double)(long)(10));
#endif
#endif
#if defined(IPPROTO_UDPLITE)
#if defined(UDPLITE_RECV_CSCOV)
  put(env, c, "UDPLITE_RECV_CSCOV", (double)(long)(UDPLITE_RECV_CSCOV));
#else
  put(env, c, "UDPLITE_RECV_CSCOV", (double)(long)(11));
#endif
#endif
#if defined(IPPROTO_IDP)
  put(env, c, "IPPROTO_IDP", (double)(long)(IPPROTO_IDP));
#endif
#if defined(IPPROTO_HELLO)
  put(env, c, "IPPROTO_HELLO", (double)(long)(IPPROTO_HELLO));
#endif
#if defined(IPPROTO_ND)
  put(env, c, "IPPROTO_ND", (double)(long)(IPPROTO_ND));
#endif
#if defined(IPPROTO_TP)
  put(env, c, "IPPROTO_TP", (double)(long)(IPPROTO_TP));
#endif
#if defined(IPPROTO_ROUTING)
  put(env, c, "IPPROTO_ROUTING", (double)(long)(IPPROTO_ROUTING));
#endif
#if defined(IPPROTO_FRAGMENT)
  put(env, c, "IPPROTO_FRAGMENT", (double)(long)(IPPROTO_FRAGMENT));
#endif
#if defined(IPPROTO_RSVP)
  put(env, c, "IPPROTO_RSVP", (double)(long)(IPPROTO_RSVP));
#endif
#if defined(IPPROTO_GRE)
  put(env, c, "IPPROTO_GRE", (double)(long)(IPPROTO_GRE));
#endif
#if defined(IPPROTO_ESP)
  put(env, c, "IPPROTO_ESP", (double)(long)(IPPROTO_ESP));
#endif
#if defined(IPPROTO_AH)
  put(env, c, "IPPROTO_AH", (double)(long)(IPPROTO_AH));
#endif
#if defined(IPPROTO_MOBILE)
  put(env, c, "IPPROTO_MOBILE", (double)(long)(IPPROTO_MOBILE));
#endif
#if defined(IPPROTO_ICMPV6)
  put(env, c, "IPPROTO_ICMPV6", (double)(long)(IPPROTO_ICMPV6));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPPROTO_ICMPV6 is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPPROTO_NONE)
  put(env, c, "IPPROTO_NONE", (double)(long)(IPPROTO_NONE));
#endif
#if defined(IPPROTO_DSTOPTS)
  put(env, c, "IPPROTO_DSTOPTS", (double)(long)(IPPROTO_DSTOPTS));
#endif
#if defined(IPPROTO_XTP)
  put(env, c, "IPPROTO_XTP", (double)(long)(IPPROTO_XTP));
#endif
#if defined(IPPROTO_EON)
  put(env, c, "IPPROTO_EON", (double)(long)(IPPROTO_EON));
#endif
#if defined(IPPROTO_PIM)
  put(env, c, "IPPROTO_PIM", (double)(long)(IPPROTO_PIM));
#endif
#if defined(IPPROTO_IPCOMP)
  put(env, c, "IPPROTO_IPCOMP", (double)(long)(IPPROTO_IPCOMP));
#endif
#if defined(IPPROTO_VRRP)
  put(env, c, "IPPROTO_VRRP", (double)(long)(IPPROTO_VRRP));
#endif
#if defined(IPPROTO_SCTP)
  put(env, c, "IPPROTO_SCTP", (double)(long)(IPPROTO_SCTP));
#endif
#if defined(IPPROTO_BIP)
  put(env, c, "IPPROTO_BIP", (double)(long)(IPPROTO_BIP));
#endif
#if defined(IPPROTO_MPTCP)
  put(env, c, "IPPROTO_MPTCP", (double)(long)(IPPROTO_MPTCP));
#endif
#if defined(IPPROTO_RAW)
  put(env, c, "IPPROTO_RAW", (double)(long)(IPPROTO_RAW));
#else
  put(env, c, "IPPROTO_RAW", (double)(long)(255));
#endif
#if defined(IPPROTO_MAX)
  put(env, c, "IPPROTO_MAX", (double)(long)(IPPROTO_MAX));
#endif
#if defined(SYSPROTO_CONTROL)
  put(env, c, "SYSPROTO_CONTROL", (double)(long)(SYSPROTO_CONTROL));
#endif
/* constants: Ports and reserved IPv4 addresses */
#if defined(IPPORT_RESERVED)
  put(env, c, "IPPORT_RESERVED", (double)(long)(IPPORT_RESERVED));
#else
  put(env, c, "IPPORT_RESERVED", (double)(long)(1024));
#endif
#if defined(IPPORT_USERRESERVED)
  put(env, c, "IPPORT_USERRESERVED", (double)(long)(IPPORT_USERRESERVED));
#else
  put(env, c, "IPPORT_USERRESERVED", (double)(long)(5000));
#endif
#if defined(INADDR_ANY)
  put(env, c, "INADDR_ANY", (double)(long)(INADDR_ANY));
#else
  put(env, c, "INADDR_ANY", (double)(long)(0x00000000));
#endif
#if defined(INADDR_BROADCAST)
  put(env, c, "INADDR_BROADCAST", (double)(long)(INADDR_BROADCAST));
#else
  put(env, c, "INADDR_BROADCAST", (double)(long)(0xffffffffu));
#endif
#if defined(INADDR_LOOPBACK)
  put(env, c, "INADDR_LOOPBACK", (double)(long)(INADDR_LOOPBACK));
#else
  put(env, c, "INADDR_LOOPBACK", (double)(long)(0x7f000001));
#endif
#if defined(INADDR_UNSPEC_GROUP)
  put(env, c, "INADDR_UNSPEC_GROUP", (double)(long)(INADDR_UNSPEC_GROUP));
#else
  put(env, c, "INADDR_UNSPEC_GROUP", (double)(long)(0xe0000000u));
#endif
#if defined(INADDR_ALLHOSTS_GROUP)
  put(env, c, "INADDR_ALLHOSTS_GROUP", (double)(long)(INADDR_ALLHOSTS_GROUP));
#else
  put(env, c, "INADDR_ALLHOSTS_GROUP", (double)(long)(0xe0000001u));
#endif
#if defined(INADDR_MAX_LOCAL_GROUP)
  put(env, c, "INADDR_MAX_LOCAL_GROUP", (double)(long)(INADDR_MAX_LOCAL_GROUP));
#else
  put(env, c, "INADDR_MAX_LOCAL_GROUP", (double)(long)(0xe00000ffu));
#endif
#if defined(INADDR_NONE)
  put(env, c, "INADDR_NONE", (double)(long)(INADDR_NONE));
#else
  put(env, c, "INADDR_NONE", (double)(long)(0xffffffffu));
#endif
/* constants: IPv4 options (IPPROTO_IP) */
#if defined(IP_OPTIONS)
  put(env, c, "IP_OPTIONS", (double)(long)(IP_OPTIONS));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_OPTIONS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_HDRINCL)
  put(env, c, "IP_HDRINCL", (double)(long)(IP_HDRINCL));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_HDRINCL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_TOS)
  put(env, c, "IP_TOS", (double)(long)(IP_TOS));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_TOS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_TTL)
  put(env, c, "IP_TTL", (double)(long)(IP_TTL));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_TTL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_RECVERR)
  put(env, c, "IP_RECVERR", (double)(long)(IP_RECVERR));
#endif
#if defined(IP_RECVOPTS)
  put(env, c, "IP_RECVOPTS", (double)(long)(IP_RECVOPTS));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_RECVOPTS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_RECVORIGDSTADDR)
  put(env, c, "IP_RECVORIGDSTADDR", (double)(long)(IP_RECVORIGDSTADDR));
#endif
#if defined(IP_RECVRETOPTS)
  put(env, c, "IP_RECVRETOPTS", (double)(long)(IP_RECVRETOPTS));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_RECVRETOPTS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_RECVTOS)
  put(env, c, "IP_RECVTOS", (double)(long)(IP_RECVTOS));
#endif
#if defined(IP_RECVTTL)
  put(env, c, "IP_RECVTTL", (double)(long)(IP_RECVTTL));
#endif
#if defined(IP_RECVDSTADDR)
  put(env, c, "IP_RECVDSTADDR", (double)(long)(IP_RECVDSTADDR));
#endif
#if defined(IP_RETOPTS)
  put(env, c, "IP_RETOPTS", (double)(long)(IP_RETOPTS));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_RETOPTS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_MULTICAST_IF)
  put(env, c, "IP_MULTICAST_IF", (double)(long)(IP_MULTICAST_IF));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_MULTICAST_IF is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_MULTICAST_TTL)
  put(env, c, "IP_MULTICAST_TTL", (double)(long)(IP_MULTICAST_TTL));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_MULTICAST_TTL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_MULTICAST_LOOP)
  put(env, c, "IP_MULTICAST_LOOP", (double)(long)(IP_MULTICAST_LOOP));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_MULTICAST_LOOP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_ADD_MEMBERSHIP)
  put(env, c, "IP_ADD_MEMBERSHIP", (double)(long)(IP_ADD_MEMBERSHIP));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_ADD_MEMBERSHIP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_DROP_MEMBERSHIP)
  put(env, c, "IP_DROP_MEMBERSHIP", (double)(long)(IP_DROP_MEMBERSHIP));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_DROP_MEMBERSHIP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_DEFAULT_MULTICAST_TTL)
  put(env, c, "IP_DEFAULT_MULTICAST_TTL", (double)(long)(IP_DEFAULT_MULTICAST_TTL));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_DEFAULT_MULTICAST_TTL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_DEFAULT_MULTICAST_LOOP)
  put(env, c, "IP_DEFAULT_MULTICAST_LOOP", (double)(long)(IP_DEFAULT_MULTICAST_LOOP));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_DEFAULT_MULTICAST_LOOP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_MAX_MEMBERSHIPS)
  put(env, c, "IP_MAX_MEMBERSHIPS", (double)(long)(IP_MAX_MEMBERSHIPS));
#elif defined(GF_CONSTANTS_STRICT)
#error "IP_MAX_MEMBERSHIPS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IP_FREEBIND)
  put(env, c, "IP_FREEBIND", (double)(long)(IP_FREEBIND));
#endif
#if defined(IP_TRANSPARENT)
  put(env, c, "IP_TRANSPARENT", (double)(long)(IP_TRANSPARENT));
#endif
#if defined(IP_PKTINFO)
  put(env, c, "IP_PKTINFO", (double)(long)(IP_PKTINFO));
#endif
#if defined(IP_BIND_ADDRESS_NO_PORT)
  put(env, c, "IP_BIND_ADDRESS_NO_PORT", (double)(long)(IP_BIND_ADDRESS_NO_PORT));
#endif
#if defined(IP_UNBLOCK_SOURCE)
  put(env, c, "IP_UNBLOCK_SOURCE", (double)(long)(IP_UNBLOCK_SOURCE));
#endif
#if defined(IP_BLOCK_SOURCE)
  put(env, c, "IP_BLOCK_SOURCE", (double)(long)(IP_BLOCK_SOURCE));
#endif
#if defined(IP_ADD_SOURCE_MEMBERSHIP)
  put(env, c, "IP_ADD_SOURCE_MEMBERSHIP", (double)(long)(IP_ADD_SOURCE_MEMBERSHIP));
#endif
#if defined(IP_DROP_SOURCE_MEMBERSHIP)
  put(env, c, "IP_DROP_SOURCE_MEMBERSHIP", (double)(long)(IP_DROP_SOURCE_MEMBERSHIP));
#endif
/* constants: IPv6 options (IPPROTO_IPV6; RFC 3493 and RFC 3542) */
#if defined(IPV6_JOIN_GROUP)
  put(env, c, "IPV6_JOIN_GROUP", (double)(long)(IPV6_JOIN_GROUP));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPV6_JOIN_GROUP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPV6_LEAVE_GROUP)
  put(env, c, "IPV6_LEAVE_GROUP", (double)(long)(IPV6_LEAVE_GROUP));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPV6_LEAVE_GROUP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPV6_MULTICAST_HOPS)
  put(env, c, "IPV6_MULTICAST_HOPS", (double)(long)(IPV6_MULTICAST_HOPS));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPV6_MULTICAST_HOPS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPV6_MULTICAST_IF)
  put(env, c, "IPV6_MULTICAST_IF", (double)(long)(IPV6_MULTICAST_IF));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPV6_MULTICAST_IF is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPV6_MULTICAST_LOOP)
  put(env, c, "IPV6_MULTICAST_LOOP", (double)(long)(IPV6_MULTICAST_LOOP));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPV6_MULTICAST_LOOP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPV6_UNICAST_HOPS)
  put(env, c, "IPV6_UNICAST_HOPS", (double)(long)(IPV6_UNICAST_HOPS));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPV6_UNICAST_HOPS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPV6_V6ONLY)
  put(env, c, "IPV6_V6ONLY", (double)(long)(IPV6_V6ONLY));
#elif defined(GF_CONSTANTS_STRICT)
#error "IPV6_V6ONLY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(IPV6_CHECKSUM)
  put(env, c, "IPV6_CHECKSUM", (double)(long)(IPV6_CHECKSUM));
#endif
#if defined(IPV6_DONTFRAG)
  put(env, c, "IPV6_DONTFRAG", (double)(long)(IPV6_DONTFRAG));
#endif
#if defined(IPV6_DSTOPTS)
  put(env, c, "IPV6_DSTOPTS", (double)(long)(IPV6_DSTOPTS));
#endif
#if defined(IPV6_HOPLIMIT)
  put(env, c, "IPV6_HOPLIMIT", (double)(long)(IPV6_HOPLIMIT));
#endif
#if defined(IPV6_HOPOPTS)
  put(env, c, "IPV6_HOPOPTS", (double)(long)(IPV6_HOPOPTS));
#endif
#if defined(IPV6_NEXTHOP)
  put(env, c, "IPV6_NEXTHOP", (double)(long)(IPV6_NEXTHOP));
#endif
#if defined(IPV6_PATHMTU)
  put(env, c, "IPV6_PATHMTU", (double)(long)(IPV6_PATHMTU));
#endif
#if defined(IPV6_PKTINFO)
  put(env, c, "IPV6_PKTINFO", (double)(long)(IPV6_PKTINFO));
#endif
#if defined(IPV6_RECVDSTOPTS)
  put(env, c, "IPV6_RECVDSTOPTS", (double)(long)(IPV6_RECVDSTOPTS));
#endif
#if defined(IPV6_RECVERR)
  put(env, c, "IPV6_RECVERR", (double)(long)(IPV6_RECVERR));
#endif
#if defined(IPV6_RECVHOPLIMIT)
  put(env, c, "IPV6_RECVHOPLIMIT", (double)(long)(IPV6_RECVHOPLIMIT));
#endif
#if defined(IPV6_RECVHOPOPTS)
  put(env, c, "IPV6_RECVHOPOPTS", (double)(long)(IPV6_RECVHOPOPTS));
#endif
#if defined(IPV6_RECVPKTINFO)
  put(env, c, "IPV6_RECVPKTINFO", (double)(long)(IPV6_RECVPKTINFO));
#endif
#if defined(IPV6_RECVRTHDR)
  put(env, c, "IPV6_RECVRTHDR", (double)(long)(IPV6_RECVRTHDR));
#endif
#if defined(IPV6_RECVTCLASS)
  put(env, c, "IPV6_RECVTCLASS", (double)(long)(IPV6_RECVTCLASS));
#endif
#if defined(IPV6_RTHDR)
  put(env, c, "IPV6_RTHDR", (double)(long)(IPV6_RTHDR));
#endif
#if defined(IPV6_RTHDRDSTOPTS)
  put(env, c, "IPV6_RTHDRDSTOPTS", (double)(long)(IPV6_RTHDRDSTOPTS));
#endif
#if defined(IPV6_RTHDR_TYPE_0)
  put(env, c, "IPV6_RTHDR_TYPE_0", (double)(long)(IPV6_RTHDR_TYPE_0));
#endif
#if defined(IPV6_RECVPATHMTU)
  put(env, c, "IPV6_RECVPATHMTU", (double)(long)(IPV6_RECVPATHMTU));
#endif
#if defined(IPV6_TCLASS)
  put(env, c, "IPV6_TCLASS", (double)(long)(IPV6_TCLASS));
#endif
#if defined(IPV6_USE_MIN_MTU)
  put(env, c, "IPV6_USE_MIN_MTU", (double)(long)(IPV6_USE_MIN_MTU));
#endif
/* constants: TCP options (IPPROTO_TCP) */
#if defined(TCP_NODELAY)
  put(env, c, "TCP_NODELAY", (double)(long)(TCP_NODELAY));
#elif defined(GF_CONSTANTS_STRICT)
#error "TCP_NODELAY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(TCP_MAXSEG)
  put(env, c, "TCP_MAXSEG", (double)(long)(TCP_MAXSEG));
#elif defined(GF_CONSTANTS_STRICT)
#error "TCP_MAXSEG is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(TCP_CORK)
  put(env, c, "TCP_CORK", (double)(long)(TCP_CORK));
#endif
#if defined(TCP_KEEPIDLE)
  put(env, c, "TCP_KEEPIDLE", (double)(long)(TCP_KEEPIDLE));
#endif
#if defined(__APPLE__) && defined(TCP_KEEPALIVE)
  put(env, c, "TCP_KEEPALIVE", (double)(long)(TCP_KEEPALIVE));
#endif
#if defined(TCP_KEEPINTVL)
  put(env, c, "TCP_KEEPINTVL", (double)(long)(TCP_KEEPINTVL));
#endif
#if defined(TCP_KEEPCNT)
  put(env, c, "TCP_KEEPCNT", (double)(long)(TCP_KEEPCNT));
#endif
#if defined(TCP_SYNCNT)
  put(env, c, "TCP_SYNCNT", (double)(long)(TCP_SYNCNT));
#endif
#if defined(TCP_LINGER2)
  put(env, c, "TCP_LINGER2", (double)(long)(TCP_LINGER2));
#endif
#if defined(TCP_DEFER_ACCEPT)
  put(env, c, "TCP_DEFER_ACCEPT", (double)(long)(TCP_DEFER_ACCEPT));
#endif
#if defined(TCP_WINDOW_CLAMP)
  put(env, c, "TCP_WINDOW_CLAMP", (double)(long)(TCP_WINDOW_CLAMP));
#endif
#if defined(TCP_INFO)
  put(env, c, "TCP_INFO", (double)(long)(TCP_INFO));
#endif
#if defined(TCP_CONNECTION_INFO)
  put(env, c, "TCP_CONNECTION_INFO", (double)(long)(TCP_CONNECTION_INFO));
#endif
#if defined(TCP_QUICKACK)
  put(env, c, "TCP_QUICKACK", (double)(long)(TCP_QUICKACK));
#endif
#if defined(TCP_CONGESTION)
  put(env, c, "TCP_CONGESTION", (double)(long)(TCP_CONGESTION));
#endif
#if defined(TCP_MD5SIG)
  put(env, c, "TCP_MD5SIG", (double)(long)(TCP_MD5SIG));
#endif
#if defined(TCP_THIN_LINEAR_TIMEOUTS)
  put(env, c, "TCP_THIN_LINEAR_TIMEOUTS", (double)(long)(TCP_THIN_LINEAR_TIMEOUTS));
#endif
#if defined(TCP_THIN_DUPACK)
  put(env, c, "TCP_THIN_DUPACK", (double)(long)(TCP_THIN_DUPACK));
#endif
#if defined(TCP_USER_TIMEOUT)
  put(env, c, "TCP_USER_TIMEOUT", (double)(long)(TCP_USER_TIMEOUT));
#endif
#if defined(TCP_REPAIR)
  put(env, c, "TCP_REPAIR", (double)(long)(TCP_REPAIR));
#endif
#if defined(TCP_REPAIR_QUEUE)
  put(env, c, "TCP_REPAIR_QUEUE", (double)(long)(TCP_REPAIR_QUEUE));
#endif
#if defined(TCP_QUEUE_SEQ)
  put(env, c, "TCP_QUEUE_SEQ", (double)(long)(TCP_QUEUE_SEQ));
#endif
#if defined(TCP_REPAIR_OPTIONS)
  put(env, c, "TCP_REPAIR_OPTIONS", (double)(long)(TCP_REPAIR_OPTIONS));
#endif
#if defined(TCP_FASTOPEN)
  put(env, c, "TCP_FASTOPEN", (double)(long)(TCP_FASTOPEN));
#endif
#if defined(TCP_TIMESTAMP)
  put(env, c, "TCP_TIMESTAMP", (double)(long)(TCP_TIMESTAMP));
#endif
#if defined(TCP_NOTSENT_LOWAT)
  put(env, c, "TCP_NOTSENT_LOWAT", (double)(long)(TCP_NOTSENT_LOWAT));
#endif
#if defined(TCP_CC_INFO)
  put(env, c, "TCP_CC_INFO", (double)(long)(TCP_CC_INFO));
#endif
#if defined(TCP_SAVE_SYN)
  put(env, c, "TCP_SAVE_SYN", (double)(long)(TCP_SAVE_SYN));
#endif
#if defined(TCP_SAVED_SYN)
  put(env, c, "TCP_SAVED_SYN", (double)(long)(TCP_SAVED_SYN));
#endif
#if defined(TCP_REPAIR_WINDOW)
  put(env, c, "TCP_REPAIR_WINDOW", (double)(long)(TCP_REPAIR_WINDOW));
#endif
#if defined(TCP_FASTOPEN_CONNECT)
  put(env, c, "TCP_FASTOPEN_CONNECT", (double)(long)(TCP_FASTOPEN_CONNECT));
#endif
#if defined(TCP_ULP)
  put(env, c, "TCP_ULP", (double)(long)(TCP_ULP));
#endif
#if defined(TCP_MD5SIG_EXT)
  put(env, c, "TCP_MD5SIG_EXT", (double)(long)(TCP_MD5SIG_EXT));
#endif
#if defined(TCP_FASTOPEN_KEY)
  put(env, c, "TCP_FASTOPEN_KEY", (double)(long)(TCP_FASTOPEN_KEY));
#endif
#if defined(TCP_FASTOPEN_NO_COOKIE)
  put(env, c, "TCP_FASTOPEN_NO_COOKIE", (double)(long)(TCP_FASTOPEN_NO_COOKIE));
#endif
#if defined(TCP_ZEROCOPY_RECEIVE)
  put(env, c, "TCP_ZEROCOPY_RECEIVE", (double)(long)(TCP_ZEROCOPY_RECEIVE));
#endif
#if defined(TCP_INQ)
  put(env, c, "TCP_INQ", (double)(long)(TCP_INQ));
#endif
#if defined(TCP_TX_DELAY)
  put(env, c, "TCP_TX_DELAY", (double)(long)(TCP_TX_DELAY));
#endif
/* constants: IPX options */
#if defined(IPX_TYPE)
  put(env, c, "IPX_TYPE", (double)(long)(IPX_TYPE));
#endif
/* constants: getaddrinfo / getnameinfo errors (EAI_CANCELED, EAI_INTR, EAI_IDN_ENCODE: glibc's own) */
#if defined(EAI_ADDRFAMILY)
  put(env, c, "EAI_ADDRFAMILY", (double)(long)(EAI_ADDRFAMILY));
#endif
#if defined(EAI_AGAIN)
  put(env, c, "EAI_AGAIN", (double)(long)(EAI_AGAIN));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_AGAIN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_BADFLAGS)
  put(env, c, "EAI_BADFLAGS", (double)(long)(EAI_BADFLAGS));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_BADFLAGS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_FAIL)
  put(env, c, "EAI_FAIL", (double)(long)(EAI_FAIL));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_FAIL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_FAMILY)
  put(env, c, "EAI_FAMILY", (double)(long)(EAI_FAMILY));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_FAMILY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_MEMORY)
  put(env, c, "EAI_MEMORY", (double)(long)(EAI_MEMORY));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_MEMORY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_NODATA)
  put(env, c, "EAI_NODATA", (double)(long)(EAI_NODATA));
#endif
#if defined(EAI_NONAME)
  put(env, c, "EAI_NONAME", (double)(long)(EAI_NONAME));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_NONAME is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_OVERFLOW)
  put(env, c, "EAI_OVERFLOW", (double)(long)(EAI_OVERFLOW));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_OVERFLOW is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_SERVICE)
  put(env, c, "EAI_SERVICE", (double)(long)(EAI_SERVICE));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_SERVICE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_SOCKTYPE)
  put(env, c, "EAI_SOCKTYPE", (double)(long)(EAI_SOCKTYPE));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_SOCKTYPE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_SYSTEM)
  put(env, c, "EAI_SYSTEM", (double)(long)(EAI_SYSTEM));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAI_SYSTEM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAI_BADHINTS)
  put(env, c, "EAI_BADHINTS", (double)(long)(EAI_BADHINTS));
#endif
#if defined(EAI_PROTOCOL)
  put(env, c, "EAI_PROTOCOL", (double)(long)(EAI_PROTOCOL));
#endif
#if defined(EAI_MAX)
  put(env, c, "EAI_MAX", (double)(long)(EAI_MAX));
#endif
#if defined(EAI_CANCELED)
  put(env, c, "EAI_CANCELED", (double)(long)(EAI_CANCELED));
#endif
#if defined(EAI_INTR)
  put(env, c, "EAI_INTR", (double)(long)(EAI_INTR));
#endif
#if defined(EAI_IDN_ENCODE)
  put(env, c, "EAI_IDN_ENCODE", (double)(long)(EAI_IDN_ENCODE));
#endif
/* constants: getaddrinfo / getnameinfo flags */
#if defined(AI_PASSIVE)
  put(env, c, "AI_PASSIVE", (double)(long)(AI_PASSIVE));
#elif defined(GF_CONSTANTS_STRICT)
#error "AI_PASSIVE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AI_CANONNAME)
  put(env, c, "AI_CANONNAME", (double)(long)(AI_CANONNAME));
#elif defined(GF_CONSTANTS_STRICT)
#error "AI_CANONNAME is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AI_NUMERICHOST)
  put(env, c, "AI_NUMERICHOST", (double)(long)(AI_NUMERICHOST));
#elif defined(GF_CONSTANTS_STRICT)
#error "AI_NUMERICHOST is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AI_NUMERICSERV)
  put(env, c, "AI_NUMERICSERV", (double)(long)(AI_NUMERICSERV));
#elif defined(GF_CONSTANTS_STRICT)
#error "AI_NUMERICSERV is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AI_MASK)
  put(env, c, "AI_MASK", (double)(long)(AI_MASK));
#endif
#if defined(AI_ALL)
  put(env, c, "AI_ALL", (double)(long)(AI_ALL));
#elif defined(GF_CONSTANTS_STRICT)
#error "AI_ALL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AI_V4MAPPED_CFG)
  put(env, c, "AI_V4MAPPED_CFG", (double)(long)(AI_V4MAPPED_CFG));
#endif
#if defined(AI_ADDRCONFIG)
  put(env, c, "AI_ADDRCONFIG", (double)(long)(AI_ADDRCONFIG));
#elif defined(GF_CONSTANTS_STRICT)
#error "AI_ADDRCONFIG is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AI_V4MAPPED)
  put(env, c, "AI_V4MAPPED", (double)(long)(AI_V4MAPPED));
#elif defined(GF_CONSTANTS_STRICT)
#error "AI_V4MAPPED is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(AI_DEFAULT)
  put(env, c, "AI_DEFAULT", (double)(long)(AI_DEFAULT));
#endif
#if defined(NI_MAXHOST)
  put(env, c, "NI_MAXHOST", (double)(long)(NI_MAXHOST));
#elif defined(GF_CONSTANTS_STRICT)
#error "NI_MAXHOST is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(NI_MAXSERV)
  put(env, c, "NI_MAXSERV", (double)(long)(NI_MAXSERV));
#elif defined(GF_CONSTANTS_STRICT)
#error "NI_MAXSERV is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(NI_NOFQDN)
  put(env, c, "NI_NOFQDN", (double)(long)(NI_NOFQDN));
#elif defined(GF_CONSTANTS_STRICT)
#error "NI_NOFQDN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(NI_NUMERICHOST)
  put(env, c, "NI_NUMERICHOST", (double)(long)(NI_NUMERICHOST));
#elif defined(GF_CONSTANTS_STRICT)
#error "NI_NUMERICHOST is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(NI_NAMEREQD)
  put(env, c, "NI_NAMEREQD", (double)(long)(NI_NAMEREQD));
#elif defined(GF_CONSTANTS_STRICT)
#error "NI_NAMEREQD is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(NI_NUMERICSERV)
  put(env, c, "NI_NUMERICSERV", (double)(long)(NI_NUMERICSERV));
#elif defined(GF_CONSTANTS_STRICT)
#error "NI_NUMERICSERV is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(NI_DGRAM)
  put(env, c, "NI_DGRAM", (double)(long)(NI_DGRAM));
#elif defined(GF_CONSTANTS_STRICT)
#error "NI_DGRAM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(NI_IDN)
  put(env, c, "NI_IDN", (double)(long)(NI_IDN));
#endif
/* constants: shutdown(2) */
#if defined(SHUT_RD)
  put(env, c, "SHUT_RD", (double)(long)(SHUT_RD));
#else
  put(env, c, "SHUT_RD", (double)(long)(0));
#endif
#if defined(SHUT_WR)
  put(env, c, "SHUT_WR", (double)(long)(SHUT_WR));
#else
  put(env, c, "SHUT_WR", (double)(long)(1));
#endif
#if defined(SHUT_RDWR)
  put(env, c, "SHUT_RDWR", (double)(long)(SHUT_RDWR));
#else
  put(env, c, "SHUT_RDWR", (double)(long)(2));
#endif
/* constants: poll(2) events (select.poll) */
#if defined(POLLIN)
  put(env, c, "POLLIN", (double)(long)(POLLIN));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLIN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLPRI)
  put(env, c, "POLLPRI", (double)(long)(POLLPRI));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLPRI is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLOUT)
  put(env, c, "POLLOUT", (double)(long)(POLLOUT));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLOUT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLERR)
  put(env, c, "POLLERR", (double)(long)(POLLERR));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLERR is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLHUP)
  put(env, c, "POLLHUP", (double)(long)(POLLHUP));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLHUP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLNVAL)
  put(env, c, "POLLNVAL", (double)(long)(POLLNVAL));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLNVAL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLRDNORM)
  put(env, c, "POLLRDNORM", (double)(long)(POLLRDNORM));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLRDNORM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLRDBAND)
  put(env, c, "POLLRDBAND", (double)(long)(POLLRDBAND));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLRDBAND is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLWRNORM)
  put(env, c, "POLLWRNORM", (double)(long)(POLLWRNORM));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLWRNORM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLWRBAND)
  put(env, c, "POLLWRBAND", (double)(long)(POLLWRBAND));
#elif defined(GF_CONSTANTS_STRICT)
#error "POLLWRBAND is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(POLLMSG)
  put(env, c, "POLLMSG", (double)(long)(POLLMSG));
#endif
#if defined(POLLRDHUP)
  put(env, c, "POLLRDHUP", (double)(long)(POLLRDHUP));
#endif
#if defined(EPERM)
  put(env, e, "EPERM", (double)(long)(EPERM));
#elif defined(GF_CONSTANTS_STRICT)
#error "EPERM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOENT)
  put(env, e, "ENOENT", (double)(long)(ENOENT));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOENT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ESRCH)
  put(env, e, "ESRCH", (double)(long)(ESRCH));
#elif defined(GF_CONSTANTS_STRICT)
#error "ESRCH is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EINTR)
  put(env, e, "EINTR", (double)(long)(EINTR));
#elif defined(GF_CONSTANTS_STRICT)
#error "EINTR is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EIO)
  put(env, e, "EIO", (double)(long)(EIO));
#elif defined(GF_CONSTANTS_STRICT)
#error "EIO is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENXIO)
  put(env, e, "ENXIO", (double)(long)(ENXIO));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENXIO is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(E2BIG)
  put(env, e, "E2BIG", (double)(long)(E2BIG));
#elif defined(GF_CONSTANTS_STRICT)
#error "E2BIG is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOEXEC)
  put(env, e, "ENOEXEC", (double)(long)(ENOEXEC));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOEXEC is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EBADF)
  put(env, e, "EBADF", (double)(long)(EBADF));
#elif defined(GF_CONSTANTS_STRICT)
#error "EBADF is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ECHILD)
  put(env, e, "ECHILD", (double)(long)(ECHILD));
#elif defined(GF_CONSTANTS_STRICT)
#error "ECHILD is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAGAIN)
  put(env, e, "EAGAIN", (double)(long)(EAGAIN));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAGAIN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EWOULDBLOCK)
  put(env, e, "EWOULDBLOCK", (double)(long)(EWOULDBLOCK));
#elif defined(GF_CONSTANTS_STRICT)
#error "EWOULDBLOCK is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOMEM)
  put(env, e, "ENOMEM", (double)(long)(ENOMEM));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOMEM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EACCES)
  put(env, e, "EACCES", (double)(long)(EACCES));
#elif defined(GF_CONSTANTS_STRICT)
#error "EACCES is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EFAULT)
  put(env, e, "EFAULT", (double)(long)(EFAULT));
#elif defined(GF_CONSTANTS_STRICT)
#error "EFAULT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOTBLK)
  put(env, e, "ENOTBLK", (double)(long)(ENOTBLK));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOTBLK is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EBUSY)
  put(env, e, "EBUSY", (double)(long)(EBUSY));
#elif defined(GF_CONSTANTS_STRICT)
#error "EBUSY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EEXIST)
  put(env, e, "EEXIST", (double)(long)(EEXIST));
#elif defined(GF_CONSTANTS_STRICT)
#error "EEXIST is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EXDEV)
  put(env, e, "EXDEV", (double)(long)(EXDEV));
#elif defined(GF_CONSTANTS_STRICT)
#error "EXDEV is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENODEV)
  put(env, e, "ENODEV", (double)(long)(ENODEV));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENODEV is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOTDIR)
  put(env, e, "ENOTDIR", (double)(long)(ENOTDIR));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOTDIR is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EISDIR)
  put(env, e, "EISDIR", (double)(long)(EISDIR));
#elif defined(GF_CONSTANTS_STRICT)
#error "EISDIR is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EINVAL)
  put(env, e, "EINVAL", (double)(long)(EINVAL));
#elif defined(GF_CONSTANTS_STRICT)
#error "EINVAL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENFILE)
  put(env, e, "ENFILE", (double)(long)(ENFILE));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENFILE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EMFILE)
  put(env, e, "EMFILE", (double)(long)(EMFILE));
#elif defined(GF_CONSTANTS_STRICT)
#error "EMFILE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOTTY)
  put(env, e, "ENOTTY", (double)(long)(ENOTTY));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOTTY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ETXTBSY)
  put(env, e, "ETXTBSY", (double)(long)(ETXTBSY));
#elif defined(GF_CONSTANTS_STRICT)
#error "ETXTBSY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EFBIG)
  put(env, e, "EFBIG", (double)(long)(EFBIG));
#elif defined(GF_CONSTANTS_STRICT)
#error "EFBIG is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOSPC)
  put(env, e, "ENOSPC", (double)(long)(ENOSPC));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOSPC is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ESPIPE)
  put(env, e, "ESPIPE", (double)(long)(ESPIPE));
#elif defined(GF_CONSTANTS_STRICT)
#error "ESPIPE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EROFS)
  put(env, e, "EROFS", (double)(long)(EROFS));
#elif defined(GF_CONSTANTS_STRICT)
#error "EROFS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EMLINK)
  put(env, e, "EMLINK", (double)(long)(EMLINK));
#elif defined(GF_CONSTANTS_STRICT)
#error "EMLINK is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EPIPE)
  put(env, e, "EPIPE", (double)(long)(EPIPE));
#elif defined(GF_CONSTANTS_STRICT)
#error "EPIPE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EDOM)
  put(env, e, "EDOM", (double)(long)(EDOM));
#elif defined(GF_CONSTANTS_STRICT)
#error "EDOM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ERANGE)
  put(env, e, "ERANGE", (double)(long)(ERANGE));
#elif defined(GF_CONSTANTS_STRICT)
#error "ERANGE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EDEADLK)
  put(env, e, "EDEADLK", (double)(long)(EDEADLK));
#elif defined(GF_CONSTANTS_STRICT)
#error "EDEADLK is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENAMETOOLONG)
  put(env, e, "ENAMETOOLONG", (double)(long)(ENAMETOOLONG));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENAMETOOLONG is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOLCK)
  put(env, e, "ENOLCK", (double)(long)(ENOLCK));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOLCK is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOSYS)
  put(env, e, "ENOSYS", (double)(long)(ENOSYS));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOSYS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOTEMPTY)
  put(env, e, "ENOTEMPTY", (double)(long)(ENOTEMPTY));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOTEMPTY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ELOOP)
  put(env, e, "ELOOP", (double)(long)(ELOOP));
#elif defined(GF_CONSTANTS_STRICT)
#error "ELOOP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOMSG)
  put(env, e, "ENOMSG", (double)(long)(ENOMSG));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOMSG is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EIDRM)
  put(env, e, "EIDRM", (double)(long)(EIDRM));
#elif defined(GF_CONSTANTS_STRICT)
#error "EIDRM is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOSTR)
  put(env, e, "ENOSTR", (double)(long)(ENOSTR));
#endif
#if defined(ENODATA)
  put(env, e, "ENODATA", (double)(long)(ENODATA));
#endif
#if defined(ETIME)
  put(env, e, "ETIME", (double)(long)(ETIME));
#endif
#if defined(ENOSR)
  put(env, e, "ENOSR", (double)(long)(ENOSR));
#endif
#if defined(EREMOTE)
  put(env, e, "EREMOTE", (double)(long)(EREMOTE));
#elif defined(GF_CONSTANTS_STRICT)
#error "EREMOTE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOLINK)
  put(env, e, "ENOLINK", (double)(long)(ENOLINK));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOLINK is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EPROTO)
  put(env, e, "EPROTO", (double)(long)(EPROTO));
#elif defined(GF_CONSTANTS_STRICT)
#error "EPROTO is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EBADMSG)
  put(env, e, "EBADMSG", (double)(long)(EBADMSG));
#elif defined(GF_CONSTANTS_STRICT)
#error "EBADMSG is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EOVERFLOW)
  put(env, e, "EOVERFLOW", (double)(long)(EOVERFLOW));
#elif defined(GF_CONSTANTS_STRICT)
#error "EOVERFLOW is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EILSEQ)
  put(env, e, "EILSEQ", (double)(long)(EILSEQ));
#elif defined(GF_CONSTANTS_STRICT)
#error "EILSEQ is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EUSERS)
  put(env, e, "EUSERS", (double)(long)(EUSERS));
#elif defined(GF_CONSTANTS_STRICT)
#error "EUSERS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOTSOCK)
  put(env, e, "ENOTSOCK", (double)(long)(ENOTSOCK));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOTSOCK is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EDESTADDRREQ)
  put(env, e, "EDESTADDRREQ", (double)(long)(EDESTADDRREQ));
#elif defined(GF_CONSTANTS_STRICT)
#error "EDESTADDRREQ is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EMSGSIZE)
  put(env, e, "EMSGSIZE", (double)(long)(EMSGSIZE));
#elif defined(GF_CONSTANTS_STRICT)
#error "EMSGSIZE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EPROTOTYPE)
  put(env, e, "EPROTOTYPE", (double)(long)(EPROTOTYPE));
#elif defined(GF_CONSTANTS_STRICT)
#error "EPROTOTYPE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOPROTOOPT)
  put(env, e, "ENOPROTOOPT", (double)(long)(ENOPROTOOPT));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOPROTOOPT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EPROTONOSUPPORT)
  put(env, e, "EPROTONOSUPPORT", (double)(long)(EPROTONOSUPPORT));
#elif defined(GF_CONSTANTS_STRICT)
#error "EPROTONOSUPPORT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ESOCKTNOSUPPORT)
  put(env, e, "ESOCKTNOSUPPORT", (double)(long)(ESOCKTNOSUPPORT));
#elif defined(GF_CONSTANTS_STRICT)
#error "ESOCKTNOSUPPORT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EOPNOTSUPP)
  put(env, e, "EOPNOTSUPP", (double)(long)(EOPNOTSUPP));
#elif defined(GF_CONSTANTS_STRICT)
#error "EOPNOTSUPP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOTSUP)
  put(env, e, "ENOTSUP", (double)(long)(ENOTSUP));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOTSUP is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EPFNOSUPPORT)
  put(env, e, "EPFNOSUPPORT", (double)(long)(EPFNOSUPPORT));
#elif defined(GF_CONSTANTS_STRICT)
#error "EPFNOSUPPORT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EAFNOSUPPORT)
  put(env, e, "EAFNOSUPPORT", (double)(long)(EAFNOSUPPORT));
#elif defined(GF_CONSTANTS_STRICT)
#error "EAFNOSUPPORT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EADDRINUSE)
  put(env, e, "EADDRINUSE", (double)(long)(EADDRINUSE));
#elif defined(GF_CONSTANTS_STRICT)
#error "EADDRINUSE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EADDRNOTAVAIL)
  put(env, e, "EADDRNOTAVAIL", (double)(long)(EADDRNOTAVAIL));
#elif defined(GF_CONSTANTS_STRICT)
#error "EADDRNOTAVAIL is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENETDOWN)
  put(env, e, "ENETDOWN", (double)(long)(ENETDOWN));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENETDOWN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENETUNREACH)
  put(env, e, "ENETUNREACH", (double)(long)(ENETUNREACH));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENETUNREACH is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENETRESET)
  put(env, e, "ENETRESET", (double)(long)(ENETRESET));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENETRESET is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ECONNABORTED)
  put(env, e, "ECONNABORTED", (double)(long)(ECONNABORTED));
#elif defined(GF_CONSTANTS_STRICT)
#error "ECONNABORTED is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ECONNRESET)
  put(env, e, "ECONNRESET", (double)(long)(ECONNRESET));
#elif defined(GF_CONSTANTS_STRICT)
#error "ECONNRESET is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOBUFS)
  put(env, e, "ENOBUFS", (double)(long)(ENOBUFS));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOBUFS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EISCONN)
  put(env, e, "EISCONN", (double)(long)(EISCONN));
#elif defined(GF_CONSTANTS_STRICT)
#error "EISCONN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOTCONN)
  put(env, e, "ENOTCONN", (double)(long)(ENOTCONN));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOTCONN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ESHUTDOWN)
  put(env, e, "ESHUTDOWN", (double)(long)(ESHUTDOWN));
#elif defined(GF_CONSTANTS_STRICT)
#error "ESHUTDOWN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ETOOMANYREFS)
  put(env, e, "ETOOMANYREFS", (double)(long)(ETOOMANYREFS));
#elif defined(GF_CONSTANTS_STRICT)
#error "ETOOMANYREFS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ETIMEDOUT)
  put(env, e, "ETIMEDOUT", (double)(long)(ETIMEDOUT));
#elif defined(GF_CONSTANTS_STRICT)
#error "ETIMEDOUT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ECONNREFUSED)
  put(env, e, "ECONNREFUSED", (double)(long)(ECONNREFUSED));
#elif defined(GF_CONSTANTS_STRICT)
#error "ECONNREFUSED is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EHOSTDOWN)
  put(env, e, "EHOSTDOWN", (double)(long)(EHOSTDOWN));
#elif defined(GF_CONSTANTS_STRICT)
#error "EHOSTDOWN is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EHOSTUNREACH)
  put(env, e, "EHOSTUNREACH", (double)(long)(EHOSTUNREACH));
#elif defined(GF_CONSTANTS_STRICT)
#error "EHOSTUNREACH is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EALREADY)
  put(env, e, "EALREADY", (double)(long)(EALREADY));
#elif defined(GF_CONSTANTS_STRICT)
#error "EALREADY is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EINPROGRESS)
  put(env, e, "EINPROGRESS", (double)(long)(EINPROGRESS));
#elif defined(GF_CONSTANTS_STRICT)
#error "EINPROGRESS is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ESTALE)
  put(env, e, "ESTALE", (double)(long)(ESTALE));
#elif defined(GF_CONSTANTS_STRICT)
#error "ESTALE is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EDQUOT)
  put(env, e, "EDQUOT", (double)(long)(EDQUOT));
#elif defined(GF_CONSTANTS_STRICT)
#error "EDQUOT is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ECANCELED)
  put(env, e, "ECANCELED", (double)(long)(ECANCELED));
#elif defined(GF_CONSTANTS_STRICT)
#error "ECANCELED is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(EOWNERDEAD)
  put(env, e, "EOWNERDEAD", (double)(long)(EOWNERDEAD));
#elif defined(GF_CONSTANTS_STRICT)
#error "EOWNERDEAD is required (no ? in constants.list) but this platform lacks it"
#endif
#if defined(ENOTRECOVERABLE)
  put(env, e, "ENOTRECOVERABLE", (double)(long)(ENOTRECOVERABLE));
#elif defined(GF_CONSTANTS_STRICT)
#error "ENOTRECOVERABLE is required (no ? in constants.list) but this platform lacks it"
#endif
