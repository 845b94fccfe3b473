/* The libc conversions CPython's socket module hands straight to the C library, so that their
 * answers are the platform's own: inet_pton/inet_ntop/inet_aton, if_nameindex and friends,
 * CMSG_LEN/CMSG_SPACE. Failures are reported as in syscalls.c: -errno, or 0 where libc says "no". */
#include "gf.h"
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>

/* inetPton(family, text) -> Buffer, 0 for a string that is no address, or -errno (EAFNOSUPPORT). */
static napi_value inet_pton_js(napi_env env, napi_callback_info info) {
  napi_value a[2], buf;
  int64_t fam;
  char text[128];
  uint8_t packed[16];
  void* out;
  int r;
  if (gf_args(env, info, 2, a) || gf_arg_int(env, a[0], INT32_MIN, INT32_MAX, &fam)) return gf_num(env, -EINVAL);
  /* Longer than any address: no address (inet_pton would say 0 too). */
  if (gf_arg_string(env, a[1], text, sizeof text, NULL)) return gf_num(env, 0);
  r = inet_pton((int)fam, text, packed);
  if (r < 0) return gf_num(env, -errno);
  if (r == 0) return gf_num(env, 0);
  napi_create_buffer_copy(env, fam == AF_INET6 ? 16 : 4, packed, &out, &buf);
  return buf;
}

/* inetNtop(family, bytes) -> string or -errno (EINVAL for a wrong length, EAFNOSUPPORT). */
static napi_value inet_ntop_js(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int64_t fam;
  uint8_t* p;
  size_t len;
  char text[INET6_ADDRSTRLEN + 1];
  if (gf_args(env, info, 2, a) || gf_arg_int(env, a[0], INT32_MIN, INT32_MAX, &fam) || gf_arg_bytes(env, a[1], &p, &len))
    return gf_num(env, -EINVAL);
  if (fam == AF_INET ? len != 4 : fam == AF_INET6 ? len != 16 : 0) return gf_num(env, -EINVAL);
  if (fam != AF_INET && fam != AF_INET6) return gf_num(env, -EAFNOSUPPORT);
  if (!inet_ntop((int)fam, p, text, sizeof text)) return gf_num(env, -errno);
  return gf_str(env, text, NAPI_AUTO_LENGTH);
}

/* inetAton(text) -> Buffer (4 bytes, network order) or 0. */
static napi_value inet_aton_js(napi_env env, napi_callback_info info) {
  napi_value a[1], buf;
  char text[256];
  struct in_addr addr;
  void* out;
  if (gf_args(env, info, 1, a) || gf_arg_string(env, a[0], text, sizeof text, NULL)) return gf_num(env, 0);
  if (inet_aton(text, &addr) == 0) return gf_num(env, 0);
  napi_create_buffer_copy(env, 4, &addr, &out, &buf);
  return buf;
}

/* ifNameindex() -> [[index, name], ...] or -errno. */
static napi_value if_nameindex_js(napi_env env, napi_callback_info info) {
  napi_value arr;
  struct if_nameindex *list = if_nameindex(), *it;
  uint32_t i = 0;
  if (!list) return gf_num(env, -errno);
  napi_create_array(env, &arr);
  for (it = list; it->if_index != 0 || it->if_name != NULL; it++) {
    napi_value pair;
    napi_create_array_with_length(env, 2, &pair);
    napi_set_element(env, pair, 0, gf_num(env, it->if_index));
    napi_set_element(env, pair, 1, gf_str(env, it->if_name ? it->if_name : "", NAPI_AUTO_LENGTH));
    napi_set_element(env, arr, i++, pair);
  }
  if_freenameindex(list);
  return arr;
}

/* ifNametoindex(name) -> the index, 0 when there is no such interface (or the name cannot be one). */
static napi_value if_nametoindex_js(napi_env env, napi_callback_info info) {
  napi_value a[1];
  char name[IF_NAMESIZE + 1];
  if (gf_args(env, info, 1, a) || gf_arg_string(env, a[0], name, sizeof name, NULL)) return gf_num(env, 0);
  return gf_num(env, if_nametoindex(name));
}

/* ifIndextoname(index) -> the name or -errno (ENXIO when there is none). */
static napi_value if_indextoname_js(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int64_t idx;
  char name[IF_NAMESIZE + 1];
  if (gf_args(env, info, 1, a) || gf_arg_int(env, a[0], 0, UINT_MAX, &idx)) return gf_num(env, -EINVAL);
  if (!if_indextoname((unsigned)idx, name)) return gf_num(env, -errno);
  return gf_str(env, name, NAPI_AUTO_LENGTH);
}

/* CPython's limits (get_CMSG_LEN/get_CMSG_SPACE): the result must fit its socklen_t limit, INT_MAX. */
static napi_value cmsg_len_js(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int64_t n;
  if (gf_args(env, info, 1, a) || gf_arg_int(env, a[0], 0, INT_MAX, &n)) return gf_num(env, -1);
  if ((size_t)n > (size_t)INT_MAX - CMSG_LEN(0)) return gf_num(env, -1);
  return gf_num(env, (double)CMSG_LEN((size_t)n));
}

static napi_value cmsg_space_js(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int64_t n;
  if (gf_args(env, info, 1, a) || gf_arg_int(env, a[0], 0, INT_MAX, &n)) return gf_num(env, -1);
  if ((size_t)n > (size_t)INT_MAX - CMSG_SPACE(1)) return gf_num(env, -1);
  size_t r = CMSG_SPACE((size_t)n);
  if (r > (size_t)INT_MAX || r < (size_t)n) return gf_num(env, -1);
  return gf_num(env, (double)r);
}

void gf_inet_init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
    GF_METHOD("inetPton", inet_pton_js),
    GF_METHOD("inetNtop", inet_ntop_js),
    GF_METHOD("inetAton", inet_aton_js),
    GF_METHOD("ifNameindex", if_nameindex_js),
    GF_METHOD("ifNametoindex", if_nametoindex_js),
    GF_METHOD("ifIndextoname", if_indextoname_js),
    GF_METHOD("cmsgLen", cmsg_len_js),
    GF_METHOD("cmsgSpace", cmsg_space_js),
  };
  GF_DEFINE(env, exports, methods, NULL);
}
