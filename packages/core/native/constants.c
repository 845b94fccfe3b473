/* The platform's constant values, exported to JavaScript as `constants` and `errno` so TypeScript never
 * hard-codes a number. The table itself is generated from constants.list (constants.gen.h); this file
 * only brings in the headers that define the names, as CPython's socketmodule.c does. */
#include "gf.h"
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

/* Linux's per-family headers: optional, since musl toolchains and other systems may lack them. */
#if defined(__has_include)
#if __has_include(<netpacket/packet.h>)
#include <netpacket/packet.h>
#endif
#if __has_include(<net/ethernet.h>)
#include <net/ethernet.h>
#endif
#if __has_include(<linux/netlink.h>)
#include <linux/netlink.h>
#endif
#if __has_include(<linux/tipc.h>)
#include <linux/tipc.h>
#define GF_HAVE_LINUX_TIPC_H 1
#endif
#if __has_include(<linux/if_alg.h>)
#include <linux/if_alg.h>
#define GF_HAVE_LINUX_IF_ALG_H 1
#endif
#if __has_include(<linux/can.h>)
#include <linux/can.h>
#define GF_HAVE_LINUX_CAN_H 1
#endif
#if __has_include(<linux/can/raw.h>)
#include <linux/can/raw.h>
#define GF_HAVE_LINUX_CAN_RAW_H 1
#endif
#if __has_include(<linux/can/bcm.h>)
#include <linux/can/bcm.h>
#define GF_HAVE_LINUX_CAN_BCM_H 1
#endif
#if __has_include(<linux/can/j1939.h>)
#include <linux/can/j1939.h>
#define GF_HAVE_LINUX_CAN_J1939_H 1
#endif
#endif

static void put(napi_env env, napi_value obj, const char* name, double v) {
  napi_set_named_property(env, obj, name, gf_num(env, v));
}

void gf_constants_init(napi_env env, napi_value exports) {
  napi_value c, e;
  napi_create_object(env, &c);
  napi_create_object(env, &e);
#include "constants.gen.h"
  napi_set_named_property(env, exports, "constants", c);
  napi_set_named_property(env, exports, "errno", e);
}
