/* Argument readers: strict about types and ranges so bad input from JS is an
 * error code, never undefined behaviour. */
#include "gf.h"
#include <string.h>

int gf_args(napi_env env, napi_callback_info info, size_t want, napi_value* argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return -1;
  return 0;
}

int gf_args_data(napi_env env, napi_callback_info info, size_t want, napi_value* argv, void** data) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, data) != napi_ok) return -1;
  return 0;
}

int gf_arg_int(napi_env env, napi_value v, int64_t lo, int64_t hi, int64_t* out) {
  double d;
  int64_t i;
  /* napi_number_expected for anything but a number: no separate typeof call on the hot path. */
  if (napi_get_value_double(env, v, &d) != napi_ok) return -1;
  /* The range test comes first and also rejects NaN and the infinities, so the cast below is defined;
   * a fraction does not survive the round trip through int64. (Every call reads a few of these.) */
  if (!(d >= (double)lo && d <= (double)hi)) return -1;
  i = (int64_t)d;
  if ((double)i != d) return -1;
  *out = i;
  return 0;
}

int gf_arg_bytes(napi_env env, napi_value v, uint8_t** data, size_t* len) {
  bool is_ta = false;
  napi_typedarray_type type;
  size_t length = 0;
  void* ptr = NULL;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return -1;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, NULL, NULL) != napi_ok) return -1;
  if (type != napi_uint8_array && type != napi_int8_array && type != napi_uint8_clamped_array) return -1;
  *data = (uint8_t*)ptr;
  *len = length;
  return 0;
}

int gf_arg_string(napi_env env, napi_value v, char* buf, size_t cap, size_t* len) {
  napi_valuetype t;
  size_t n = 0;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_string) return -1;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok) return -1;
  if (n + 1 > cap) return -1;
  if (napi_get_value_string_utf8(env, v, buf, cap, &n) != napi_ok) return -1;
  if (len) *len = n;
  return 0;
}

int gf_arg_is_nullish(napi_env env, napi_value v) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return 0;
  return t == napi_undefined || t == napi_null;
}

napi_value gf_num(napi_env env, double n) {
  napi_value v;
  napi_create_double(env, n, &v);
  return v;
}

napi_value gf_undefined(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}

napi_value gf_str(napi_env env, const char* s, size_t len) {
  napi_value v;
  napi_create_string_utf8(env, s, len, &v);
  return v;
}

void gf_define(napi_env env, napi_value exports, napi_property_descriptor* methods, size_t n, void* data) {
  for (size_t i = 0; i < n; i++) methods[i].data = data;
  napi_define_properties(env, exports, n, methods);
}

/* A [buffer, offset, length] window, checked against the buffer's size. */
int gf_arg_window(napi_env env, napi_value* argv, uint8_t** p, size_t* n) {
  uint8_t* data;
  size_t len;
  int64_t off, cnt;
  if (gf_arg_bytes(env, argv[0], &data, &len)) return -1;
  if (gf_arg_int(env, argv[1], 0, (int64_t)len, &off)) return -1;
  if (gf_arg_int(env, argv[2], 0, (int64_t)len - off, &cnt)) return -1;
  *p = data + off;
  *n = (size_t)cnt;
  return 0;
}

