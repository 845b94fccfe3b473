/* Non-blocking BSD socket syscalls. Results are >= 0 (or an array) on success
 * and -errno on failure; EINTR is retried; sends never raise SIGPIPE. */
#include "gf.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/sendfile.h>
#elif defined(__APPLE__) || defined(__FreeBSD__)
#include <sys/uio.h>
#endif

/* Every fd made here is non-blocking and close-on-exec: atomically where socket(2) takes the flags
 * (Linux, the BSDs: accept4 too); elsewhere (macOS) fcntl sets them right after, as libuv does there.
 * Where SO_NOSIGPIPE exists (macOS, the BSDs) every socket gets it too, so a send never raises SIGPIPE
 * even where MSG_NOSIGNAL is missing. */
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
#define GF_ATOMIC_FLAGS 1 /* (glibc's SOCK_* are enum constants: an #if cannot read them) */
#define GF_SOCK_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)
#else
#define GF_ATOMIC_FLAGS 0
#define GF_SOCK_FLAGS 0
#endif
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

#define FD_MAX INT32_MAX
#define ERR(env) gf_num(env, -EINVAL)

struct gf_syscalls {
  napi_env env;
  napi_ref slab_ref;         /* the read slab (recvSlab), kept alive while registered */
  uint8_t* slab;
  size_t slab_len;
};

static int arg_fd(napi_env env, napi_value v, int* fd) {
  int64_t x;
  if (gf_arg_int(env, v, -1, FD_MAX, &x)) return -1;
  *fd = (int)x;
  return 0;
}

static int arg_i32(napi_env env, napi_value v, int* out) {
  int64_t x;
  if (gf_arg_int(env, v, INT32_MIN, INT32_MAX, &x)) return -1;
  *out = (int)x;
  return 0;
}

static napi_value result(napi_env env, long r) {
  return gf_num(env, r < 0 ? -errno : (double)r);
}

/* What GF_SOCK_FLAGS could not give a new socket: 0, or -errno after closing it. Nothing on Linux. */
static int fd_setup(int fd) {
  int e = 0;
#if !GF_ATOMIC_FLAGS
  int fl;
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 || (fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
    e = -errno;
#endif
#ifdef SO_NOSIGPIPE
  int on = 1;
  if (!e && setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on) < 0) e = -errno;
#endif
  if (e) close(fd);
  return e;
}

static napi_value sys_socket(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int fam, type, proto;
  if (gf_args(env, info, 3, a) || arg_i32(env, a[0], &fam) || arg_i32(env, a[1], &type) || arg_i32(env, a[2], &proto))
    return ERR(env);
  int fd = socket(fam, type | GF_SOCK_FLAGS, proto), e;
  if (fd < 0) return gf_num(env, -errno);
  return gf_num(env, (e = fd_setup(fd)) ? e : fd);
}

static napi_value sys_socketpair(napi_env env, napi_callback_info info) {
  napi_value a[3], arr;
  int fam, type, proto, sv[2], e;
  if (gf_args(env, info, 3, a) || arg_i32(env, a[0], &fam) || arg_i32(env, a[1], &type) || arg_i32(env, a[2], &proto))
    return ERR(env);
  if (socketpair(fam, type | GF_SOCK_FLAGS, proto, sv) < 0) return gf_num(env, -errno);
  if ((e = fd_setup(sv[0]))) close(sv[1]);
  else if ((e = fd_setup(sv[1]))) close(sv[0]);
  if (e) return gf_num(env, e);
  napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, gf_num(env, sv[0]));
  napi_set_element(env, arr, 1, gf_num(env, sv[1]));
  return arr;
}

static napi_value sys_bind(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int fd, fam, r;
  struct sockaddr_storage ss;
  socklen_t len;
  if (gf_args(env, info, 3, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &fam)) return ERR(env);
  if ((r = gf_addr_from_js(env, fam, a[2], &ss, &len))) return gf_num(env, r);
  return result(env, bind(fd, (struct sockaddr*)&ss, len));
}

static napi_value sys_connect(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int fd, fam, r;
  struct sockaddr_storage ss;
  socklen_t len;
  if (gf_args(env, info, 3, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &fam)) return ERR(env);
  if ((r = gf_addr_from_js(env, fam, a[2], &ss, &len))) return gf_num(env, r);
  /* Not retried on EINTR: the connection goes on in the background, as with EINPROGRESS. */
  r = connect(fd, (struct sockaddr*)&ss, len);
  if (r < 0 && errno == EINTR) return gf_num(env, -EINPROGRESS);
  return result(env, r);
}

static napi_value sys_listen(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd, backlog;
  if (gf_args(env, info, 2, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &backlog)) return ERR(env);
  return result(env, listen(fd, backlog < 0 ? 0 : backlog));
}

static napi_value sys_accept(napi_env env, napi_callback_info info) {
  napi_value a[1], arr;
  int fd, e;
  long r;
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (gf_args(env, info, 1, a) || arg_fd(env, a[0], &fd)) return ERR(env);
#if GF_ATOMIC_FLAGS
  r = GF_RETRY(accept4(fd, (struct sockaddr*)&ss, &len, GF_SOCK_FLAGS));
#else
  r = GF_RETRY(accept(fd, (struct sockaddr*)&ss, &len));
#endif
  if (r < 0) return gf_num(env, -errno);
  if ((e = fd_setup((int)r))) return gf_num(env, e);
  napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, gf_num(env, (double)r));
  napi_set_element(env, arr, 1, gf_addr_to_js(env, (struct sockaddr*)&ss, len));
  return arr;
}

static napi_value sys_recv(napi_env env, napi_callback_info info) {
  napi_value a[5];
  int fd, flags;
  uint8_t* p;
  size_t n;
  if (gf_args(env, info, 5, a) || arg_fd(env, a[0], &fd) || gf_arg_window(env, a + 1, &p, &n) || arg_i32(env, a[4], &flags))
    return ERR(env);
  return result(env, GF_RETRY(GF_RECV(fd, p, n, flags)));
}

/* setReadSlab(buffer) -> 0 or -EINVAL: the buffer recvSlab reads into, held until the next one.
 * Reads of the shared slab then cost no typed-array lookup. */
static napi_value sys_set_read_slab(napi_env env, napi_callback_info info) {
  gf_syscalls* sys;
  napi_value a[1];
  uint8_t* data;
  size_t len;
  napi_ref ref;
  if (gf_args_data(env, info, 1, a, (void**)&sys) || gf_arg_bytes(env, a[0], &data, &len)) return ERR(env);
  if (napi_create_reference(env, a[0], 1, &ref) != napi_ok) return ERR(env);
  if (sys->slab_ref) napi_delete_reference(env, sys->slab_ref);
  sys->slab_ref = ref;
  sys->slab = data;
  sys->slab_len = len;
  return gf_num(env, 0);
}

/* recvSlab(fd, length, flags) -> bytes read into the start of the read slab, or -errno. */
static napi_value sys_recv_slab(napi_env env, napi_callback_info info) {
  gf_syscalls* sys;
  napi_value a[3];
  int fd, flags;
  int64_t cnt;
  if (gf_args_data(env, info, 3, a, (void**)&sys) || arg_fd(env, a[0], &fd) || !sys->slab ||
      gf_arg_int(env, a[1], 0, (int64_t)sys->slab_len, &cnt) || arg_i32(env, a[2], &flags))
    return ERR(env);
  return result(env, GF_RETRY(GF_RECV(fd, sys->slab, (size_t)cnt, flags)));
}

static napi_value sys_recvfrom(napi_env env, napi_callback_info info) {
  napi_value a[5], arr;
  int fd, flags;
  uint8_t* p;
  size_t n;
  long r;
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (gf_args(env, info, 5, a) || arg_fd(env, a[0], &fd) || gf_arg_window(env, a + 1, &p, &n) || arg_i32(env, a[4], &flags))
    return ERR(env);
  memset(&ss, 0, sizeof ss);
  r = GF_RETRY(recvfrom(fd, p, n, flags, (struct sockaddr*)&ss, &len));
  if (r < 0) return gf_num(env, -errno);
  napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, gf_num(env, (double)r));
  napi_set_element(env, arr, 1, gf_addr_to_js(env, (struct sockaddr*)&ss, len));
  return arr;
}

static napi_value sys_send(napi_env env, napi_callback_info info) {
  napi_value a[5];
  int fd, flags;
  uint8_t* p;
  size_t n;
  if (gf_args(env, info, 5, a) || arg_fd(env, a[0], &fd) || gf_arg_window(env, a + 1, &p, &n) || arg_i32(env, a[4], &flags))
    return ERR(env);
  return result(env, GF_RETRY(GF_SEND(fd, p, n, flags | MSG_NOSIGNAL)));
}

static napi_value sys_sendto(napi_env env, napi_callback_info info) {
  napi_value a[7];
  int fd, flags, fam, r;
  uint8_t* p;
  size_t n;
  struct sockaddr_storage ss;
  socklen_t len;
  if (gf_args(env, info, 7, a) || arg_fd(env, a[0], &fd) || gf_arg_window(env, a + 1, &p, &n) ||
      arg_i32(env, a[4], &flags) || arg_i32(env, a[5], &fam))
    return ERR(env);
  if ((r = gf_addr_from_js(env, fam, a[6], &ss, &len))) return gf_num(env, r);
  return result(env, GF_RETRY(sendto(fd, p, n, flags | MSG_NOSIGNAL, (struct sockaddr*)&ss, len)));
}

/* sendmsg/recvmsg. Buffers come as an array of byte arrays (an iovec each); ancillary data as an array
 * of [level, type, bytes] (sendmsg), and back the same way (recvmsg). */
#ifndef IOV_MAX
#define IOV_MAX 1024
#endif
#define GF_IOV_STACK 16

/* Reads an array of byte arrays into iovecs: `stack` when they fit, else malloc'd into *out (the caller
 * frees *out when it differs from stack). More than IOV_MAX is -EMSGSIZE, as the kernel answers. */
static int arg_iov(napi_env env, napi_value v, struct iovec* stack, struct iovec** out, uint32_t* count) {
  bool is_arr = false;
  uint32_t n, i;
  struct iovec* iov;
  if (napi_is_array(env, v, &is_arr) != napi_ok || !is_arr || napi_get_array_length(env, v, &n) != napi_ok) return -EINVAL;
  if (n > IOV_MAX) return -EMSGSIZE;
  iov = n <= GF_IOV_STACK ? stack : malloc(sizeof *iov * n);
  if (!iov) return -ENOMEM;
  for (i = 0; i < n; i++) {
    napi_value e;
    uint8_t* p;
    size_t len;
    if (napi_get_element(env, v, i, &e) != napi_ok || gf_arg_bytes(env, e, &p, &len)) {
      if (iov != stack) free(iov);
      return -EINVAL;
    }
    iov[i].iov_base = p;
    iov[i].iov_len = len;
  }
  *out = iov;
  *count = n;
  return 0;
}

/* One [level, type, bytes] item of sendmsg's ancillary data. */
static int arg_cmsg(napi_env env, napi_value arr, uint32_t i, int* level, int* type, uint8_t** p, size_t* len) {
  napi_value item, v;
  bool is_arr = false;
  uint32_t n;
  if (napi_get_element(env, arr, i, &item) != napi_ok || napi_is_array(env, item, &is_arr) != napi_ok || !is_arr ||
      napi_get_array_length(env, item, &n) != napi_ok || n != 3)
    return -1;
  if (napi_get_element(env, item, 0, &v) != napi_ok || arg_i32(env, v, level)) return -1;
  if (napi_get_element(env, item, 1, &v) != napi_ok || arg_i32(env, v, type)) return -1;
  if (napi_get_element(env, item, 2, &v) != napi_ok || gf_arg_bytes(env, v, p, len)) return -1;
  return 0;
}

/* Builds the control buffer of sendmsg from its items: 0 (and *ctl malloc'd, or NULL when there are
 * none) or -errno. */
/* musl's CMSG_NXTHDR compares a size_t with a ptrdiff_t inside the macro: the warning is the
 * header's, not ours, so it is silenced for this one expansion. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
static struct cmsghdr* next_cmsg(struct msghdr* m, struct cmsghdr* c) {
  return CMSG_NXTHDR(m, c);
}
#pragma GCC diagnostic pop

static int build_control(napi_env env, napi_value v, void** ctl, size_t* ctllen) {
  bool is_arr = false;
  uint32_t n, i;
  size_t space = 0, last = 0;
  int level, type;
  uint8_t* p;
  size_t len;
  struct msghdr m;
  struct cmsghdr* c;
  *ctl = NULL;
  *ctllen = 0;
  if (napi_is_array(env, v, &is_arr) != napi_ok || !is_arr || napi_get_array_length(env, v, &n) != napi_ok) return -EINVAL;
  if (n == 0) return 0;
  for (i = 0; i < n; i++) {
    if (arg_cmsg(env, v, i, &level, &type, &p, &len)) return -EINVAL;
    if (len > (size_t)INT_MAX - CMSG_SPACE(0) || space > (size_t)INT_MAX - CMSG_SPACE(len)) return -ENOBUFS;
    last = space + CMSG_LEN(len);
    space += CMSG_SPACE(len);
  }
  if (!(*ctl = calloc(1, space))) return -ENOMEM;
  memset(&m, 0, sizeof m);
  m.msg_control = *ctl;
  m.msg_controllen = space;
  c = CMSG_FIRSTHDR(&m);
  for (i = 0; i < n && c; i++) {
    arg_cmsg(env, v, i, &level, &type, &p, &len);
    c->cmsg_level = level;
    c->cmsg_type = type;
    c->cmsg_len = CMSG_LEN(len);
    if (len) memcpy(CMSG_DATA(c), p, len);
    c = next_cmsg(&m, c);
  }
  /* As CPython: the length ends with the last item's data, not its padding. */
  *ctllen = last;
  return 0;
}

/* sendmsg(fd, buffers, ancdata, flags, family, address | null) -> bytes sent or -errno. */
static napi_value sys_sendmsg(napi_env env, napi_callback_info info) {
  napi_value a[6];
  int fd, flags, fam, r;
  struct iovec stack[GF_IOV_STACK], *iov = NULL;
  uint32_t niov = 0;
  struct sockaddr_storage ss;
  socklen_t sslen = 0;
  struct msghdr m;
  void* ctl = NULL;
  size_t ctllen = 0;
  long n;
  if (gf_args(env, info, 6, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[3], &flags) || arg_i32(env, a[4], &fam))
    return ERR(env);
  if (!gf_arg_is_nullish(env, a[5]) && (r = gf_addr_from_js(env, fam, a[5], &ss, &sslen))) return gf_num(env, r);
  if ((r = arg_iov(env, a[1], stack, &iov, &niov))) return gf_num(env, r);
  if ((r = build_control(env, a[2], &ctl, &ctllen))) {
    if (iov != stack) free(iov);
    return gf_num(env, r);
  }
  memset(&m, 0, sizeof m);
  m.msg_name = sslen ? &ss : NULL;
  m.msg_namelen = sslen;
  m.msg_iov = iov;
  m.msg_iovlen = niov;
  m.msg_control = ctl;
  m.msg_controllen = ctllen;
  n = GF_RETRY(sendmsg(fd, &m, flags | MSG_NOSIGNAL));
  r = n < 0 ? -errno : 0;
  free(ctl);
  if (iov != stack) free(iov);
  return gf_num(env, r < 0 ? r : (double)n);
}

/* The fds of every SCM_RIGHTS item in a received control buffer, made close-on-exec where recvmsg
 * could not do it atomically (no MSG_CMSG_CLOEXEC). */
static void cloexec_rights(struct msghdr* m) {
#if !defined(MSG_CMSG_CLOEXEC)
  struct cmsghdr* c;
  for (c = CMSG_FIRSTHDR(m); c; c = next_cmsg(m, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len < CMSG_LEN(0)) continue;
    size_t k, nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (k = 0; k < nfd; k++) {
      int rfd;
      memcpy(&rfd, CMSG_DATA(c) + k * sizeof(int), sizeof rfd);
      fcntl(rfd, F_SETFD, FD_CLOEXEC);
    }
  }
#else
  (void)m;
#endif
}

/* The items of a received control buffer as [level, type, bytes]; an item the buffer cut short keeps
 * the bytes that arrived (the kernel set MSG_CTRUNC). */
static napi_value control_to_js(napi_env env, struct msghdr* m) {
  napi_value arr;
  struct cmsghdr* c;
  uint32_t i = 0;
  uint8_t* base = m->msg_control;
  size_t total = m->msg_controllen;
  napi_create_array(env, &arr);
  if (!base || total < sizeof(struct cmsghdr)) return arr;
  for (c = CMSG_FIRSTHDR(m); c; c = next_cmsg(m, c)) {
    napi_value item, buf;
    void* out;
    size_t off = (size_t)((uint8_t*)CMSG_DATA(c) - base), len, end;
    if (c->cmsg_len < CMSG_LEN(0) || off > total) break;
    end = (size_t)((uint8_t*)c - base) + c->cmsg_len;
    if (end > total) end = total;
    len = end > off ? end - off : 0;
    napi_create_buffer_copy(env, len, CMSG_DATA(c), &out, &buf);
    napi_create_array_with_length(env, 3, &item);
    napi_set_element(env, item, 0, gf_num(env, c->cmsg_level));
    napi_set_element(env, item, 1, gf_num(env, c->cmsg_type));
    napi_set_element(env, item, 2, buf);
    napi_set_element(env, arr, i++, item);
  }
  return arr;
}

/* recvmsg(fd, buffers, ancbufsize, flags) -> [nbytes, ancdata, msgFlags, address | null] or -errno.
 * Received fds are close-on-exec (MSG_CMSG_CLOEXEC where it exists, fcntl right after elsewhere). */
static napi_value sys_recvmsg(napi_env env, napi_callback_info info) {
  napi_value a[4], arr;
  int fd, flags, r;
  int64_t anc;
  struct iovec stack[GF_IOV_STACK], *iov = NULL;
  uint32_t niov = 0;
  struct sockaddr_storage ss;
  struct msghdr m;
  void* ctl = NULL;
  long n;
  if (gf_args(env, info, 4, a) || arg_fd(env, a[0], &fd) || gf_arg_int(env, a[2], 0, INT_MAX, &anc) ||
      arg_i32(env, a[3], &flags))
    return ERR(env);
  if ((r = arg_iov(env, a[1], stack, &iov, &niov))) return gf_num(env, r);
  if (anc > 0 && !(ctl = calloc(1, (size_t)anc))) {
    if (iov != stack) free(iov);
    return gf_num(env, -ENOMEM);
  }
#ifdef MSG_CMSG_CLOEXEC
  /* Linux echoes the flag in msg_flags: it is taken out again unless the caller asked for it. */
  int added = (flags & MSG_CMSG_CLOEXEC) ? 0 : MSG_CMSG_CLOEXEC;
  flags |= MSG_CMSG_CLOEXEC;
#else
  int added = 0;
#endif
  memset(&ss, 0, sizeof ss);
  memset(&m, 0, sizeof m);
  m.msg_name = &ss;
  m.msg_namelen = sizeof ss;
  m.msg_iov = iov;
  m.msg_iovlen = niov;
  m.msg_control = ctl;
  m.msg_controllen = (size_t)anc;
  n = GF_RETRY(recvmsg(fd, &m, flags));
  if (iov != stack) free(iov);
  if (n < 0) {
    r = -errno;
    free(ctl);
    return gf_num(env, r);
  }
  if (!ctl) m.msg_controllen = 0;
  cloexec_rights(&m);
  napi_create_array_with_length(env, 4, &arr);
  napi_set_element(env, arr, 0, gf_num(env, (double)n));
  napi_set_element(env, arr, 1, control_to_js(env, &m));
  napi_set_element(env, arr, 2, gf_num(env, m.msg_flags & ~added));
  napi_set_element(env, arr, 3, gf_addr_to_js(env, (struct sockaddr*)&ss, m.msg_namelen));
  free(ctl);
  return arr;
}

static napi_value sys_shutdown(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd, how;
  if (gf_args(env, info, 2, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &how)) return ERR(env);
  return result(env, shutdown(fd, how));
}

static napi_value sys_dup(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int fd;
  if (gf_args(env, info, 1, a) || arg_fd(env, a[0], &fd)) return ERR(env);
  return result(env, fcntl(fd, F_DUPFD_CLOEXEC, 0));
}

static napi_value sys_set_nonblocking(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd, on, fl;
  if (gf_args(env, info, 2, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &on)) return ERR(env);
  if ((fl = fcntl(fd, F_GETFL)) < 0) return gf_num(env, -errno);
  fl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
  return result(env, fcntl(fd, F_SETFL, fl));
}

/* getsockopt(fd, level, name) -> [0, int] or [-errno]. */
static napi_value sys_getsockopt_int(napi_env env, napi_callback_info info) {
  napi_value a[3], arr;
  int fd, level, name, value = 0;
  socklen_t len = sizeof value;
  if (gf_args(env, info, 3, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &level) || arg_i32(env, a[2], &name))
    return ERR(env);
  napi_create_array_with_length(env, 2, &arr);
  if (getsockopt(fd, level, name, &value, &len) < 0) {
    napi_set_element(env, arr, 0, gf_num(env, -errno));
    return arr;
  }
  napi_set_element(env, arr, 0, gf_num(env, 0));
  napi_set_element(env, arr, 1, gf_num(env, value));
  return arr;
}

/* getsockoptBytes(fd, level, name, buflen) -> Buffer or -errno. */
static napi_value sys_getsockopt_bytes(napi_env env, napi_callback_info info) {
  napi_value a[4], buf;
  int fd, level, name;
  int64_t cap;
  uint8_t tmp[1024];
  socklen_t len;
  void* out;
  if (gf_args(env, info, 4, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &level) || arg_i32(env, a[2], &name) ||
      gf_arg_int(env, a[3], 1, (int64_t)sizeof tmp, &cap))
    return ERR(env);
  len = (socklen_t)cap;
  memset(tmp, 0, (size_t)cap);
  if (getsockopt(fd, level, name, tmp, &len) < 0) return gf_num(env, -errno);
  /* The kernel writes at most cap bytes; a larger reported length must not expose the rest of tmp. */
  if (len > (socklen_t)cap) len = (socklen_t)cap;
  napi_create_buffer_copy(env, len, tmp, &out, &buf);
  return buf;
}

/* setsockopt(fd, level, name, int | bytes) -> 0 or -errno. */
static napi_value sys_setsockopt(napi_env env, napi_callback_info info) {
  napi_value a[4];
  int fd, level, name, value;
  uint8_t* p;
  size_t n;
  if (gf_args(env, info, 4, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &level) || arg_i32(env, a[2], &name))
    return ERR(env);
  if (arg_i32(env, a[3], &value) == 0) return result(env, setsockopt(fd, level, name, &value, sizeof value));
  if (gf_arg_bytes(env, a[3], &p, &n) == 0) return result(env, setsockopt(fd, level, name, p, (socklen_t)n));
  return ERR(env);
}

static napi_value name_of(napi_env env, napi_callback_info info, int peer) {
  napi_value a[1];
  int fd, r;
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (gf_args(env, info, 1, a) || arg_fd(env, a[0], &fd)) return ERR(env);
  memset(&ss, 0, sizeof ss);
  r = peer ? getpeername(fd, (struct sockaddr*)&ss, &len) : getsockname(fd, (struct sockaddr*)&ss, &len);
  if (r < 0) return gf_num(env, -errno);
  if (len == 0 || (ss.ss_family == AF_UNIX && len <= sizeof(sa_family_t))) return gf_str(env, "", 0);
  return gf_addr_to_js(env, (struct sockaddr*)&ss, len);
}

static napi_value sys_getsockname(napi_env env, napi_callback_info info) { return name_of(env, info, 0); }
static napi_value sys_getpeername(napi_env env, napi_callback_info info) { return name_of(env, info, 1); }

#if defined(__APPLE__) || defined(__FreeBSD__)
/* Their sendfile takes the file first, sends only to a stream socket, reads `count` 0 as "to the end",
 * and reports a send that EAGAIN or EINTR cut short in its byte count: made to answer as Linux's. */
static long bsd_sendfile(int out, int in, int64_t off, int64_t cnt) {
  off_t n;
  int r;
  if (cnt == 0) return 0;
  do {
#ifdef __APPLE__
    n = (off_t)cnt;
    r = sendfile(in, out, (off_t)off, &n, NULL, 0);
#else
    n = 0;
    r = sendfile(in, out, (off_t)off, (size_t)cnt, NULL, &n, 0);
#endif
    if (r == 0 || ((errno == EAGAIN || errno == EINTR) && n > 0)) return (long)n;
  } while (errno == EINTR);
  return -errno;
}
#endif

/* sendfile(outFd, inFd, offset, count) -> bytes sent or -errno; -ENOSYS where the OS has no sendfile
 * of these semantics (not Linux, macOS or FreeBSD). */
static napi_value sys_sendfile(napi_env env, napi_callback_info info) {
  napi_value a[4];
  int out, in;
  int64_t off, cnt;
  if (gf_args(env, info, 4, a) || arg_fd(env, a[0], &out) || arg_fd(env, a[1], &in) ||
      gf_arg_int(env, a[2], 0, INT64_C(1) << 53, &off) || gf_arg_int(env, a[3], 0, INT64_C(1) << 53, &cnt))
    return ERR(env);
#if defined(__linux__)
  off_t o = (off_t)off;
  return result(env, GF_RETRY(sendfile(out, in, &o, (size_t)cnt)));
#elif defined(__APPLE__) || defined(__FreeBSD__)
  return gf_num(env, (double)bsd_sendfile(out, in, off, cnt));
#else
  return gf_num(env, -ENOSYS);
#endif
}

/* pollOnce(triples: Int32Array) -> count or -errno: poll(2) with timeout 0 over [fd, events, revents]
 * triples, revents written in place. It never blocks: select() waits on watchers and asks this again. */
static napi_value sys_poll_once(napi_env env, napi_callback_info info) {
  napi_value a[1];
  bool is_ta = false;
  napi_typedarray_type type;
  size_t len = 0, n, i;
  void* data = NULL;
  int32_t* t;
  struct pollfd stack[64], *p;
  int r;
  if (gf_args(env, info, 1, a) || napi_is_typedarray(env, a[0], &is_ta) != napi_ok || !is_ta ||
      napi_get_typedarray_info(env, a[0], &type, &len, &data, NULL, NULL) != napi_ok || type != napi_int32_array ||
      len % 3 != 0)
    return ERR(env);
  n = len / 3;
  t = data;
  if (n > (size_t)INT32_MAX / 3) return gf_num(env, -EINVAL);
  p = n <= 64 ? stack : malloc(sizeof *p * n);
  if (!p) return gf_num(env, -ENOMEM);
  for (i = 0; i < n; i++) {
    p[i].fd = t[3 * i];
    p[i].events = (short)t[3 * i + 1];
    p[i].revents = 0;
  }
  r = (int)GF_RETRY(poll(p, (nfds_t)n, 0));
  if (r < 0) r = -errno;
  else for (i = 0; i < n; i++) t[3 * i + 2] = p[i].revents;
  if (p != stack) free(p);
  return gf_num(env, r);
}

static napi_value sys_strerror(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int64_t e;
  if (gf_args(env, info, 1, a) || gf_arg_int(env, a[0], 0, 4095, &e)) return gf_str(env, "Unknown error", 13);
  return gf_str(env, strerror((int)e), NAPI_AUTO_LENGTH);
}

int gf_syscalls_init(napi_env env, napi_value exports, gf_state* st) {
  napi_property_descriptor methods[] = {
    GF_METHOD("socket", sys_socket),
    GF_METHOD("socketpair", sys_socketpair),
    GF_METHOD("bind", sys_bind),
    GF_METHOD("connect", sys_connect),
    GF_METHOD("listen", sys_listen),
    GF_METHOD("accept", sys_accept),
    GF_METHOD("recv", sys_recv),
    GF_METHOD("recvfrom", sys_recvfrom),
    GF_METHOD("setReadSlab", sys_set_read_slab),
    GF_METHOD("recvSlab", sys_recv_slab),
    GF_METHOD("send", sys_send),
    GF_METHOD("sendto", sys_sendto),
    GF_METHOD("sendmsg", sys_sendmsg),
    GF_METHOD("recvmsg", sys_recvmsg),
    GF_METHOD("shutdown", sys_shutdown),
    GF_METHOD("dup", sys_dup),
    GF_METHOD("setNonblocking", sys_set_nonblocking),
    GF_METHOD("getsockoptInt", sys_getsockopt_int),
    GF_METHOD("getsockoptBytes", sys_getsockopt_bytes),
    GF_METHOD("setsockopt", sys_setsockopt),
    GF_METHOD("getsockname", sys_getsockname),
    GF_METHOD("getpeername", sys_getpeername),
    GF_METHOD("sendfile", sys_sendfile),
    GF_METHOD("strerror", sys_strerror),
    GF_METHOD("pollOnce", sys_poll_once),
  };
  gf_syscalls* sys = calloc(1, sizeof *sys);
  if (!sys) return -ENOMEM;
  sys->env = env;
  st->syscalls = sys;
  GF_DEFINE(env, exports, methods, sys);
  gf_inet_init(env, exports);
  return 0;
}

void gf_syscalls_cleanup(gf_syscalls* sys) {
  if (sys->slab_ref) napi_delete_reference(sys->env, sys->slab_ref);
  sys->slab_ref = NULL;
  sys->slab = NULL;
  sys->slab_len = 0;
}

void gf_syscalls_free(gf_syscalls* sys) {
  free(sys);
}
