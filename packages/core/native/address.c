/* Python-shaped socket addresses <-> struct sockaddr.
 * AF_INET: [host, port]; AF_INET6: [host, port, flowinfo?, scopeId?];
 * AF_UNIX: a string or bytes path, a leading NUL meaning Linux's abstract namespace.
 * Hosts must already be numeric: name resolution belongs to the Resolver in TypeScript. */
#include "gf.h"
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

static int element(napi_env env, napi_value arr, uint32_t i, napi_value* out, uint32_t* count) {
  bool is_arr = false;
  if (napi_is_array(env, arr, &is_arr) != napi_ok || !is_arr) return -1;
  if (napi_get_array_length(env, arr, count) != napi_ok) return -1;
  if (i >= *count) return 1;
  return napi_get_element(env, arr, i, out) == napi_ok ? 0 : -1;
}

static int parse_inet(napi_env env, napi_value v, struct sockaddr_in* sin) {
  napi_value host, port;
  uint32_t n;
  char buf[64];
  int64_t p;
  if (element(env, v, 0, &host, &n) != 0 || n != 2) return -EINVAL;
  if (element(env, v, 1, &port, &n) != 0) return -EINVAL;
  if (gf_arg_string(env, host, buf, sizeof buf, NULL) != 0) return -EINVAL;
  if (gf_arg_int(env, port, 0, 65535, &p) != 0) return -EINVAL;
  memset(sin, 0, sizeof *sin);
  sin->sin_family = AF_INET;
  sin->sin_port = htons((uint16_t)p);
  if (buf[0] == '\0') sin->sin_addr.s_addr = htonl(INADDR_ANY);
  else if (inet_pton(AF_INET, buf, &sin->sin_addr) != 1) return -EINVAL;
  return 0;
}

static int parse_inet6(napi_env env, napi_value v, struct sockaddr_in6* sin6) {
  napi_value host, port, flow, scope;
  uint32_t n;
  char buf[128];
  int64_t p, f = 0, s = 0;
  char* pct;
  if (element(env, v, 0, &host, &n) != 0 || n < 2 || n > 4) return -EINVAL;
  if (element(env, v, 1, &port, &n) != 0) return -EINVAL;
  if (gf_arg_string(env, host, buf, sizeof buf, NULL) != 0) return -EINVAL;
  if (gf_arg_int(env, port, 0, 65535, &p) != 0) return -EINVAL;
  if (n >= 3) {
    if (element(env, v, 2, &flow, &n) != 0 || gf_arg_int(env, flow, 0, 0xfffff, &f) != 0) return -EINVAL;
  }
  if (n >= 4) {
    if (element(env, v, 3, &scope, &n) != 0 || gf_arg_int(env, scope, 0, 0xffffffffLL, &s) != 0) return -EINVAL;
  }
  memset(sin6, 0, sizeof *sin6);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons((uint16_t)p);
  sin6->sin6_flowinfo = htonl((uint32_t)f);
  pct = strchr(buf, '%');
  if (pct) {
    char* end = NULL;
    unsigned long idx;
    *pct = '\0';
    idx = strtoul(pct + 1, &end, 10);
    if (end && *end == '\0' && end != pct + 1) s = (int64_t)idx;
    else if ((idx = if_nametoindex(pct + 1)) != 0) s = (int64_t)idx;
    else return -EINVAL;
  }
  sin6->sin6_scope_id = (uint32_t)s;
  if (buf[0] == '\0') sin6->sin6_addr = in6addr_any;
  else if (inet_pton(AF_INET6, buf, &sin6->sin6_addr) != 1) return -EINVAL;
  return 0;
}

/* Unix socket names are bytes and JS strings are UTF-16. As CPython's filesystem encoding does (UTF-8
 * with "surrogateescape"), a byte that is not part of valid UTF-8 is carried as the lone surrogate
 * U+DC80..U+DCFF and turns back into the same byte, so every name round-trips through a string: a
 * reply to a `recvfrom` address reaches the socket that sent it, not one whose name decodes alike. */

/* Decodes n bytes into out (room for n units: no sequence yields more units than bytes). */
static size_t name_to_utf16(const uint8_t* s, size_t n, uint16_t* out) {
  size_t i = 0, o = 0;
  while (i < n) {
    uint8_t b = s[i];
    size_t len = 0, k;
    uint32_t cp = 0, min = 0;
    if (b < 0x80) {
      out[o++] = b;
      i++;
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF) len = 2, cp = b & 0x1F, min = 0x80;
    else if (b >= 0xE0 && b <= 0xEF) len = 3, cp = b & 0x0F, min = 0x800;
    else if (b >= 0xF0 && b <= 0xF4) len = 4, cp = b & 0x07, min = 0x10000;
    if (len > 0 && i + len <= n) {
      for (k = 1; k < len && (s[i + k] & 0xC0) == 0x80; k++) cp = (cp << 6) | (s[i + k] & 0x3F);
      if (k == len && cp >= min && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
        if (cp >= 0x10000) {
          cp -= 0x10000;
          out[o++] = (uint16_t)(0xD800 + (cp >> 10));
          out[o++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
        } else {
          out[o++] = (uint16_t)cp;
        }
        i += len;
        continue;
      }
    }
    out[o++] = (uint16_t)(0xDC00 + b);
    i++;
  }
  return o;
}

/* Encodes n UTF-16 units into at most cap bytes: -ENAMETOOLONG when they do not fit, -EINVAL for a
 * lone surrogate that is not an escaped byte. */
static int utf16_to_name(const uint16_t* s, size_t n, uint8_t* out, size_t cap, size_t* outlen) {
  size_t i, o = 0, k;
  for (i = 0; i < n; i++) {
    uint32_t c = s[i];
    uint8_t b[4];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (uint32_t)(s[i + 1] - 0xDC00);
      i++;
      b[0] = (uint8_t)(0xF0 | (c >> 18)), b[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
      b[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F)), b[3] = (uint8_t)(0x80 | (c & 0x3F)), k = 4;
    } else if (c >= 0xDC80 && c <= 0xDCFF) {
      b[0] = (uint8_t)(c - 0xDC00), k = 1;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      return -EINVAL;
    } else if (c < 0x80) {
      b[0] = (uint8_t)c, k = 1;
    } else if (c < 0x800) {
      b[0] = (uint8_t)(0xC0 | (c >> 6)), b[1] = (uint8_t)(0x80 | (c & 0x3F)), k = 2;
    } else {
      b[0] = (uint8_t)(0xE0 | (c >> 12)), b[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
      b[2] = (uint8_t)(0x80 | (c & 0x3F)), k = 3;
    }
    if (o + k > cap) return -ENAMETOOLONG;
    memcpy(out + o, b, k);
    o += k;
  }
  *outlen = o;
  return 0;
}

static int parse_unix(napi_env env, napi_value v, struct sockaddr_un* sun, socklen_t* len) {
  uint8_t* data;
  size_t n, units;
  uint16_t tmp[sizeof sun->sun_path + 1];
  memset(sun, 0, sizeof *sun);
  sun->sun_family = AF_UNIX;
  if (gf_arg_bytes(env, v, &data, &n) == 0) {
    if (n > sizeof sun->sun_path) return -ENAMETOOLONG;
    memcpy(sun->sun_path, data, n);
  } else {
    napi_valuetype t;
    int r;
    if (napi_typeof(env, v, &t) != napi_ok || t != napi_string) return -EINVAL;
    /* Every unit makes at least one byte: a longer string cannot fit. */
    if (napi_get_value_string_utf16(env, v, NULL, 0, &units) != napi_ok) return -EINVAL;
    if (units > sizeof sun->sun_path) return -ENAMETOOLONG;
    if (napi_get_value_string_utf16(env, v, (char16_t*)tmp, units + 1, &units) != napi_ok) return -EINVAL;
    if ((r = utf16_to_name(tmp, units, (uint8_t*)sun->sun_path, sizeof sun->sun_path, &n)) != 0) return r;
  }
  /* A pathname is NUL-terminated when there is room; an abstract name is exactly its bytes. */
  if (n > 0 && sun->sun_path[0] != '\0' && n < sizeof sun->sun_path) n += 1;
  *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
  return 0;
}

int gf_addr_from_js(napi_env env, int family, napi_value v, struct sockaddr_storage* ss, socklen_t* len) {
  int r;
  switch (family) {
    case AF_INET:
      r = parse_inet(env, v, (struct sockaddr_in*)ss);
      *len = sizeof(struct sockaddr_in);
      return r;
    case AF_INET6:
      r = parse_inet6(env, v, (struct sockaddr_in6*)ss);
      *len = sizeof(struct sockaddr_in6);
      return r;
    case AF_UNIX:
      return parse_unix(env, v, (struct sockaddr_un*)ss, len);
    default:
      return -EAFNOSUPPORT;
  }
}

napi_value gf_addr_to_js(napi_env env, const struct sockaddr* sa, socklen_t len) {
  napi_value arr;
  char buf[INET6_ADDRSTRLEN + 1];
  if (len == 0 || sa == NULL) {
    napi_value nul;
    napi_get_null(env, &nul);
    return nul;
  }
  switch (sa->sa_family) {
    case AF_INET: {
      const struct sockaddr_in* sin = (const struct sockaddr_in*)sa;
      inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
      napi_create_array_with_length(env, 2, &arr);
      napi_set_element(env, arr, 0, gf_str(env, buf, NAPI_AUTO_LENGTH));
      napi_set_element(env, arr, 1, gf_num(env, ntohs(sin->sin_port)));
      return arr;
    }
    case AF_INET6: {
      const struct sockaddr_in6* sin6 = (const struct sockaddr_in6*)sa;
      inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
      napi_create_array_with_length(env, 4, &arr);
      napi_set_element(env, arr, 0, gf_str(env, buf, NAPI_AUTO_LENGTH));
      napi_set_element(env, arr, 1, gf_num(env, ntohs(sin6->sin6_port)));
      napi_set_element(env, arr, 2, gf_num(env, ntohl(sin6->sin6_flowinfo)));
      napi_set_element(env, arr, 3, gf_num(env, sin6->sin6_scope_id));
      return arr;
    }
    case AF_UNIX: {
      const struct sockaddr_un* sun = (const struct sockaddr_un*)sa;
      size_t off = offsetof(struct sockaddr_un, sun_path);
      size_t n = len > off ? len - off : 0;
      if (n > sizeof sun->sun_path) n = sizeof sun->sun_path;
      uint16_t units[sizeof sun->sun_path];
      napi_value str;
      /* Pathnames stop at their NUL; abstract names keep every byte, the leading NUL included. */
      if (n > 0 && sun->sun_path[0] != '\0') n = strnlen(sun->sun_path, n);
      if (napi_create_string_utf16(env, (const char16_t*)units, name_to_utf16((const uint8_t*)sun->sun_path, n, units), &str) != napi_ok)
        return gf_undefined(env);
      return str;
    }
    default: {
      napi_value fam;
      napi_create_array_with_length(env, 1, &arr);
      napi_create_int32(env, sa->sa_family, &fam);
      napi_set_element(env, arr, 0, fam);
      return arr;
    }
  }
}
