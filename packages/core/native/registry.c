/* The fd registry: exactly one uv_poll_t per fd, shared by all of the fd's
 * watchers and armed with the union of what its waiting watchers want.
 *
 * A watcher is one-shot while waiting: start() arms it, the first matching
 * readiness (or an error) deactivates it and reports its id to JS.
 * The poll stays armed after a wake-up (so a fiber that waits again at once
 * costs no epoll_ctl); bits nobody waits for are dropped the next time they
 * fire, as tokio's readiness cache does. */
#include "gf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/epoll.h>
#endif

#define GF_READ 1
#define GF_WRITE 2
#define GF_REARM 1 /* in a delivered pair's errno slot: arm that watcher again (rearm_marked) */

typedef struct gf_fdrec gf_fdrec;
typedef struct gf_watcher gf_watcher;

struct gf_registry {
  gf_state* st;
  napi_env env;
  napi_ref wake_cb;          /* JS function(count): `count` (id, errno) pairs are in `chunk` */
  napi_ref chunk_ref;        /* the Int32Array behind `chunk`, kept alive */
  int32_t* chunk;            /* wake-ups being delivered to JS: id, errno, id, errno, ... */
  int32_t chunk_cap;         /* in int32s */
  int32_t chunk_len;         /* in int32s, while a delivery runs */
  int32_t* queue;            /* wake-ups of this loop iteration, not yet delivered (pairs) */
  int32_t queue_head, queue_len, queue_cap;
  uv_check_t* flush;         /* delivers the queue once per loop iteration, after the poll phase */
  int flush_closing;         /* the flush handle's close callback is pending */
  gf_fdrec** fds;            /* fd number -> its one poll record */
  int32_t fds_cap;
  gf_watcher** watchers;     /* watcher id -> watcher */
  int32_t watchers_cap;
  int32_t next_id;           /* next never-used watcher id */
  int32_t* free_ids;         /* recycled watcher ids */
  int32_t free_count;
  int32_t free_cap;
  uint8_t* owned;            /* fd number -> 1 when this environment owns it (closed at teardown) */
  int32_t owned_cap;
  int64_t live_handles;      /* poll records not yet freed, closing ones too: they hold the state */
  int64_t live_watchers;
  int64_t active_watchers;
};

struct gf_fdrec {
  uv_poll_t poll;
  gf_registry* reg;
  int fd;
  int armed;        /* GF_READ|GF_WRITE mask given to uv_poll_start, 0 when stopped */
  int want_read;    /* active watchers wanting READ */
  int want_write;   /* active watchers wanting WRITE */
  int nwatchers;    /* open watchers */
  int referenced;   /* handle holds the loop open (only while someone waits) */
  int unref;        /* fdRef(fd, false): even a wait on this fd does not hold the loop open */
  int closing;      /* uv_close issued; the record is no longer in its fd slot */
  gf_watcher* head;
};

struct gf_watcher {
  int32_t id;
  int events;
  int active;
  int queued;       /* has wake-ups in the queue or the chunk being delivered */
  gf_fdrec* rec;    /* NULL once the fd was closed under it */
  gf_watcher* prev;
  gf_watcher* next;
};

static int uv_mask(int m) {
  return ((m & GF_READ) ? UV_READABLE : 0) | ((m & GF_WRITE) ? UV_WRITABLE : 0);
}

static int wanted(const gf_fdrec* rec) {
  return (rec->want_read ? GF_READ : 0) | (rec->want_write ? GF_WRITE : 0);
}

/* An fd nobody waits on must not keep the process alive. */
static void update_ref(gf_fdrec* rec) {
  int waiting = (rec->want_read || rec->want_write) && !rec->unref;
  if (waiting && !rec->referenced) { uv_ref((uv_handle_t*)&rec->poll); rec->referenced = 1; }
  else if (!waiting && rec->referenced) { uv_unref((uv_handle_t*)&rec->poll); rec->referenced = 0; }
}

static void poll_cb(uv_poll_t* h, int status, int events);

static int rearm(gf_fdrec* rec, int mask) {
  int r;
  if (mask == rec->armed) return 0;
  r = mask == 0 ? uv_poll_stop(&rec->poll) : uv_poll_start(&rec->poll, uv_mask(mask), poll_cb);
  if (r == 0) rec->armed = mask;
  return r;
}

static void set_active(gf_watcher* w, int on) {
  gf_fdrec* rec = w->rec;
  int d = on ? 1 : -1;
  if (w->active == on) return;
  w->active = on;
  rec->reg->active_watchers += d;
  if (w->events & GF_READ) rec->want_read += d;
  if (w->events & GF_WRITE) rec->want_write += d;
}

static gf_fdrec* find_rec(gf_registry* reg, int64_t fd) {
  return (fd >= 0 && fd < reg->fds_cap) ? reg->fds[fd] : NULL;
}

static gf_watcher* find_watcher(gf_registry* reg, int64_t id) {
  return (id > 0 && id < reg->next_id) ? reg->watchers[id] : NULL;
}

static int grow(void** arr, int32_t* cap, int32_t need, size_t elem) {
  int64_t n = *cap ? *cap : 256;
  void* p;
  while (n <= need) n *= 2;
  if (n > INT32_MAX) n = INT32_MAX;
  if (n == *cap) return 0;
  p = realloc(*arr, elem * (size_t)n);
  if (!p) return -ENOMEM;
  memset((char*)p + elem * (size_t)*cap, 0, elem * (size_t)(n - *cap));
  *arr = p;
  *cap = (int32_t)n;
  return 0;
}

static int32_t alloc_id(gf_registry* reg, gf_watcher* w) {
  int32_t id;
  if (reg->free_count > 0) {
    id = reg->free_ids[--reg->free_count];
  } else {
    if (reg->next_id == 0) reg->next_id = 1;
    if (grow((void**)&reg->watchers, &reg->watchers_cap, reg->next_id, sizeof(gf_watcher*))) return -ENOMEM;
    id = reg->next_id++;
  }
  reg->watchers[id] = w;
  return id;
}

static void free_id(gf_registry* reg, int32_t id) {
  reg->watchers[id] = NULL;
  if (reg->free_count >= reg->free_cap &&
      grow((void**)&reg->free_ids, &reg->free_cap, reg->free_count, sizeof(int32_t)) != 0)
    return; /* the id is simply not recycled */
  reg->free_ids[reg->free_count++] = id;
}

/* Only frees memory: the fd was dealt with when the close began, and the record left its slot then
 * (a new poll for the same number may exist by now). At teardown the last one lets node go on. */
static void on_rec_closed(uv_handle_t* h) {
  gf_fdrec* rec = GF_CONTAINER_OF(h, gf_fdrec, poll);
  gf_registry* reg = rec->reg;
  free(rec);
  reg->live_handles--;
  gf_state_unhold(reg->st);
}

/* Takes the record out of service at once: its watchers are detached (their next start is EBADF)
 * and its slot is free for a new poll on the same number. uv_close stops the poll synchronously
 * (uv__poll_stop: uv__io_stop, then uv__platform_invalidate_fd, which on Linux is an immediate
 * EPOLL_CTL_DEL and drops this iteration's pending events for the fd), so once it returns the fd
 * may be closed and its number reused; only the uv_poll_t memory must live until the callback. */
static void close_rec(gf_fdrec* rec) {
  gf_registry* reg = rec->reg;
  gf_watcher* w;
  rec->closing = 1;
  for (w = rec->head; w; w = w->next) {
    set_active(w, 0);
    w->rec = NULL;
  }
  rec->head = NULL;
  if (find_rec(reg, rec->fd) == rec) reg->fds[rec->fd] = NULL;
  uv_close((uv_handle_t*)&rec->poll, on_rec_closed);
#ifdef __linux__
  /* libuv before 1.49 queued that EPOLL_CTL_DEL on io_uring when the close came from inside its
   * poll phase, to be submitted after our close(2): a file still open elsewhere (a dup) would stay
   * in epoll under a number a new socket may own by then. */
  if (uv_version() < 0x013100) {
    struct epoll_event dummy;
    memset(&dummy, 0, sizeof dummy);
    epoll_ctl(uv_backend_fd(reg->st->loop), EPOLL_CTL_DEL, rec->fd, &dummy);
  }
#endif
}

static int owns(const gf_registry* reg, int64_t fd) {
  return fd >= 0 && fd < reg->owned_cap && reg->owned[fd];
}

/* close(2) is not retried on EINTR: Linux has released the fd either way. */
static int close_fd(gf_registry* reg, int fd) {
  gf_fdrec* rec = find_rec(reg, fd);
  if (rec) close_rec(rec);
  if (owns(reg, fd)) reg->owned[fd] = 0;
  if (close(fd) == 0 || errno == EINTR) return 0;
  return -errno;
}

static int queue_wake(gf_registry* reg, gf_watcher* w, int err);

/* Arms an idle watcher of an open fd for one wake-up: 0, or libuv's error (the watcher stays idle). */
static int arm_watcher(gf_watcher* w) {
  int r;
  set_active(w, 1);
  r = rearm(w->rec, w->rec->armed | wanted(w->rec));
  if (r) {
    set_active(w, 0);
    return r;
  }
  update_ref(w->rec);
  return 0;
}

/* The watcher named by a function's one argument (its id), and the registry; NULL for a bad or
 * unknown id. */
static gf_watcher* watcher_arg(napi_env env, napi_callback_info info, gf_registry** reg) {
  napi_value argv[1];
  int64_t id;
  if (gf_args_data(env, info, 1, argv, (void**)reg) || gf_arg_int(env, argv[0], 1, INT32_MAX, &id)) return NULL;
  return find_watcher(*reg, id);
}

/* A fiber woken by a wake-up usually waits again on the same watcher before its delivery returns (a
 * read loop: read, answer, read again). Instead of calling ioStart, JS then marks the pair's errno slot
 * with GF_REARM, and the watcher is armed here, after the call: one call into the addon fewer per wait.
 * A closed watcher's pair was scrubbed to id 0; a failed re-arm reaches the fiber as a wake-up. */
static void rearm_marked(gf_registry* reg, int32_t n) {
  for (int32_t i = 0; i + 1 < n; i += 2) {
    gf_watcher* w;
    int r;
    if (reg->chunk[i + 1] != GF_REARM) continue;
    w = find_watcher(reg, reg->chunk[i]);
    if (!w || w->active) continue;
    r = w->rec ? arm_watcher(w) : -EBADF;
    if (r) queue_wake(reg, w, r);
  }
}

/* Delivers the queued wake-ups to JS in chunks: one call into JS per loop iteration (per chunk), not
 * one per ready fd, so the per-call cost (async context, microtask checkpoint) is paid once. */
static void flush_cb(uv_check_t* h) {
  gf_registry* reg = h->data;
  uv_check_stop(h);
  while (reg->queue_head < reg->queue_len) {
    int32_t n = reg->queue_len - reg->queue_head;
    napi_handle_scope scope;
    napi_value fn, argv[1];
    if (n > reg->chunk_cap) n = reg->chunk_cap;
    memcpy(reg->chunk, reg->queue + reg->queue_head, sizeof(int32_t) * (size_t)n);
    reg->queue_head += n;
    reg->chunk_len = n;
    napi_open_handle_scope(reg->env, &scope);
    if (reg->wake_cb && napi_get_reference_value(reg->env, reg->wake_cb, &fn) == napi_ok && fn) {
      napi_create_int32(reg->env, n / 2, &argv[0]);
      gf_call_js(reg->st, fn, 1, argv);
    }
    napi_close_handle_scope(reg->env, scope);
    rearm_marked(reg, n);
    reg->chunk_len = 0;
  }
  /* Every id still in the queue is a live watcher (a closed one was scrubbed to 0). */
  for (int32_t i = 0; i < reg->queue_len; i += 2) {
    gf_watcher* w = find_watcher(reg, reg->queue[i]);
    if (w) w->queued = 0;
  }
  reg->queue_head = reg->queue_len = 0;
}

/* Queues a wake-up for this iteration's flush; 0 or -ENOMEM (the caller leaves the watcher armed). */
static int queue_wake(gf_registry* reg, gf_watcher* w, int err) {
  if (reg->queue_len + 2 > reg->queue_cap &&
      grow((void**)&reg->queue, &reg->queue_cap, reg->queue_len + 2, sizeof(int32_t)))
    return -ENOMEM;
  reg->queue[reg->queue_len++] = w->id;
  reg->queue[reg->queue_len++] = err;
  w->queued = 1;
  if (!uv_is_active((uv_handle_t*)reg->flush)) uv_check_start(reg->flush, flush_cb);
  return 0;
}

/* A closed watcher's id may be reused at once: its undelivered wake-ups must not reach the new owner. */
static void unqueue(gf_registry* reg, gf_watcher* w) {
  if (!w->queued) return;
  for (int32_t i = 0; i < reg->queue_len; i += 2)
    if (reg->queue[i] == w->id) reg->queue[i] = 0;
  for (int32_t i = 0; i < reg->chunk_len; i += 2)
    if (reg->chunk[i] == w->id) reg->chunk[i] = 0;
  w->queued = 0;
}

static void poll_cb(uv_poll_t* h, int status, int events) {
  gf_fdrec* rec = GF_CONTAINER_OF(h, gf_fdrec, poll);
  gf_registry* reg = rec->reg;
  int err = 0, ready = 0, before;
  gf_watcher* w;

  if (rec->closing) return;
  if (status < 0) {
    /* libuv stops the poll on POLLERR. A socket error (refused, reset) means "ready":
     * the retried syscall reports the real errno. Only a dead fd is an error here. */
    rec->armed = 0;
    if (fcntl(rec->fd, F_GETFD) == -1 && errno == EBADF) err = -EBADF;
    ready = GF_READ | GF_WRITE;
  } else {
    ready = ((events & UV_READABLE) ? GF_READ : 0) | ((events & UV_WRITABLE) ? GF_WRITE : 0);
    if (events & UV_DISCONNECT) ready |= GF_READ;
  }

  before = wanted(rec);
  for (w = rec->head; w; w = w->next) {
    if (!w->active || !(err || (w->events & ready))) continue;
    if (!reg->wake_cb || queue_wake(reg, w, err) != 0) continue; /* stays armed: wakes on the next event */
    set_active(w, 0);
  }

  if (err) rearm(rec, 0);
  else if (status < 0) rearm(rec, wanted(rec));
  else if (ready & rec->armed & ~before) rearm(rec, rec->armed & ~(ready & ~before));
  update_ref(rec);
}

/* ioOpen(fd, events) -> watcher id > 0, or -errno. */
static napi_value io_open(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  napi_value argv[2];
  int64_t fd, events;
  gf_fdrec* rec;
  gf_watcher* w;
  int32_t id;
  if (gf_args_data(env, info, 2, argv, (void**)&reg) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd) ||
      gf_arg_int(env, argv[1], 1, 3, &events))
    return gf_num(env, -EINVAL);
  if (fd < 0) return gf_num(env, -EBADF);
  rec = find_rec(reg, fd);
  /* A new poll checks the fd itself (uv_poll_init); a known one may have been closed behind our back. */
  if (rec && fcntl((int)fd, F_GETFD) == -1) return gf_num(env, -EBADF);
  if (!rec) {
    int r;
    /* Only an open fd may grow the table (open fds are bounded by RLIMIT_NOFILE); within it,
     * uv_poll_init checks the fd itself. */
    if (fd >= reg->fds_cap && fcntl((int)fd, F_GETFD) == -1) return gf_num(env, -EBADF);
    if (grow((void**)&reg->fds, &reg->fds_cap, (int32_t)fd, sizeof(gf_fdrec*))) return gf_num(env, -ENOMEM);
    rec = calloc(1, sizeof *rec);
    if (!rec) return gf_num(env, -ENOMEM);
    r = uv_poll_init(reg->st->loop, &rec->poll, (int)fd);
    if (r) { free(rec); return gf_num(env, r == UV_EEXIST ? -EEXIST : r); }
    uv_unref((uv_handle_t*)&rec->poll);
    rec->reg = reg;
    rec->fd = (int)fd;
    reg->fds[fd] = rec;
    reg->live_handles++;
  }
  w = calloc(1, sizeof *w);
  if (!w) goto nomem;
  id = alloc_id(reg, w);
  if (id < 0) { free(w); goto nomem; }
  w->id = id;
  w->events = (int)events;
  w->rec = rec;
  w->next = rec->head;
  if (rec->head) rec->head->prev = w;
  rec->head = w;
  rec->nwatchers++;
  reg->live_watchers++;
  return gf_num(env, id);
nomem:
  if (rec->nwatchers == 0) close_rec(rec);
  return gf_num(env, -ENOMEM);
}

/* ioStart(id) -> 0 or -errno: arm the watcher for one wake-up. */
static napi_value io_start(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  gf_watcher* w = watcher_arg(env, info, &reg);
  if (!w) return gf_num(env, -EINVAL);
  if (!w->rec) return gf_num(env, -EBADF);
  if (w->active) return gf_num(env, 0);
  return gf_num(env, arm_watcher(w));
}

/* ioStop(id): drop the watcher's interest; the poll disarms lazily. A wake-up already queued for the
 * wait that ends here is dropped too: delivered later in the same flush, it would reach the watcher's
 * next wait (armed natively by then) and end it with nothing left to disarm that interest. */
static napi_value io_stop(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  gf_watcher* w = watcher_arg(env, info, &reg);
  if (!w) return gf_num(env, -EINVAL);
  if (w->rec && w->active) {
    set_active(w, 0);
    update_ref(w->rec);
  }
  unqueue(reg, w);
  return gf_num(env, 0);
}

/* ioClose(id): free the watcher; the fd's poll handle closes with its last watcher. */
static napi_value io_close(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  gf_watcher* w = watcher_arg(env, info, &reg);
  gf_fdrec* rec;
  if (!w) return gf_num(env, -EINVAL);
  rec = w->rec;
  if (rec) {
    set_active(w, 0);
    if (w->prev) w->prev->next = w->next; else rec->head = w->next;
    if (w->next) w->next->prev = w->prev;
    rec->nwatchers--;
    if (rec->nwatchers == 0) close_rec(rec);
    else update_ref(rec);
  }
  unqueue(reg, w);
  free_id(reg, w->id);
  reg->live_watchers--;
  free(w);
  return gf_num(env, 0);
}

/* fdActive(fd) -> ids of the watchers currently waiting on fd (for notifyClosing). */
static napi_value fd_active(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  napi_value argv[1], arr;
  int64_t fd;
  gf_fdrec* rec;
  gf_watcher* w;
  uint32_t i = 0;
  napi_create_array(env, &arr);
  if (gf_args_data(env, info, 1, argv, (void**)&reg) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd)) return arr;
  rec = find_rec(reg, fd);
  if (!rec || rec->closing) return arr;
  for (w = rec->head; w; w = w->next)
    if (w->active) napi_set_element(env, arr, i++, gf_num(env, w->id));
  return arr;
}

/* fdClose(fd) -> 0 or -errno. The fd is closed before this returns (a listener's port is free, the
 * peer sees EOF), after its poll left epoll; the watchers stay, detached, until their ioClose. */
static napi_value fd_close(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  napi_value argv[1];
  int64_t fd;
  if (gf_args_data(env, info, 1, argv, (void**)&reg) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd)) return gf_num(env, -EINVAL);
  if (fd < 0) return gf_num(env, -EBADF);
  return gf_num(env, close_fd(reg, (int)fd));
}

/* fdOwn(fd) -> 0 or -errno: the fd belongs to this environment (a socket object holds it), which
 * closes it at teardown if it is still open then: a terminated worker leaks no fd. fdClose and
 * fdDisown end the ownership. */
static napi_value fd_own(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  napi_value argv[1];
  int64_t fd;
  if (gf_args_data(env, info, 1, argv, (void**)&reg) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd)) return gf_num(env, -EINVAL);
  if (fd < 0) return gf_num(env, -EBADF);
  /* Only an open fd may grow the table, so it stays bounded by RLIMIT_NOFILE. */
  if (fcntl((int)fd, F_GETFD) == -1) return gf_num(env, -EBADF);
  if (fd >= reg->owned_cap && grow((void**)&reg->owned, &reg->owned_cap, (int32_t)fd, 1)) return gf_num(env, -ENOMEM);
  reg->owned[fd] = 1;
  return gf_num(env, 0);
}

/* fdRef(fd, on) -> 0, -ENOENT when the fd has no poll yet, or -errno: whether a wait on the fd holds
 * the event loop open (net.Socket's ref/unref). Off, a process whose only pending work is such a wait
 * may exit. */
static napi_value fd_ref(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  napi_value argv[2];
  int64_t fd, on;
  gf_fdrec* rec;
  if (gf_args_data(env, info, 2, argv, (void**)&reg) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd) ||
      gf_arg_int(env, argv[1], 0, 1, &on))
    return gf_num(env, -EINVAL);
  if (fd < 0) return gf_num(env, -EBADF);
  rec = find_rec(reg, fd);
  if (!rec) return gf_num(env, -ENOENT);
  rec->unref = !on;
  update_ref(rec);
  return gf_num(env, 0);
}

/* fdDisown(fd) -> 0: the fd is handed over (detach) and no longer closed at teardown. */
static napi_value fd_disown(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  napi_value argv[1];
  int64_t fd;
  if (gf_args_data(env, info, 1, argv, (void**)&reg) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd)) return gf_num(env, -EINVAL);
  if (owns(reg, fd)) reg->owned[fd] = 0;
  return gf_num(env, 0);
}

static void on_flush_closed(uv_handle_t* h) {
  gf_registry* reg = h->data;
  free(h);
  reg->flush_closing = 0;
  gf_state_unhold(reg->st);
}

/* setWakeCallback(fn, chunk): readiness is delivered to fn(count), with `count` (id, errno) pairs
 * written to the Int32Array `chunk` (its length is the most one call carries). */
static napi_value set_wake_callback(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  napi_value argv[2];
  napi_valuetype t;
  bool is_ta = false;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = NULL;
  if (gf_args_data(env, info, 2, argv, (void**)&reg) || napi_typeof(env, argv[0], &t) != napi_ok || t != napi_function ||
      napi_is_typedarray(env, argv[1], &is_ta) != napi_ok || !is_ta ||
      napi_get_typedarray_info(env, argv[1], &type, &length, &data, NULL, NULL) != napi_ok ||
      type != napi_int32_array || length < 2 || length > INT32_MAX || reg->chunk_len > 0)
    return gf_num(env, -EINVAL);
  if (!reg->flush) {
    reg->flush = calloc(1, sizeof *reg->flush);
    if (!reg->flush) return gf_num(env, -ENOMEM);
    uv_check_init(reg->st->loop, reg->flush);
    uv_unref((uv_handle_t*)reg->flush);
    reg->flush->data = reg;
  }
  if (reg->wake_cb) napi_delete_reference(env, reg->wake_cb);
  if (reg->chunk_ref) napi_delete_reference(env, reg->chunk_ref);
  napi_create_reference(env, argv[0], 1, &reg->wake_cb);
  napi_create_reference(env, argv[1], 1, &reg->chunk_ref);
  reg->chunk = data;
  reg->chunk_cap = (int32_t)(length & ~(size_t)1);
  return gf_num(env, 0);
}

/* stats() -> { handles, watchers, active }: live counts so tests can prove nothing leaks
 * (handles count until their memory is freed, in the uv_close callback). */
static napi_value stats(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  napi_value o;
  if (gf_args_data(env, info, 0, NULL, (void**)&reg)) return gf_undefined(env);
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "handles", gf_num(env, (double)reg->live_handles));
  napi_set_named_property(env, o, "watchers", gf_num(env, (double)reg->live_watchers));
  napi_set_named_property(env, o, "active", gf_num(env, (double)reg->active_watchers));
  return o;
}

/* fdOwnedCount() -> how many fds this environment owns (would close at teardown). */
static napi_value fd_owned_count(napi_env env, napi_callback_info info) {
  gf_registry* reg;
  int64_t n = 0;
  if (gf_args_data(env, info, 0, NULL, (void**)&reg)) return gf_num(env, -EINVAL);
  for (int32_t fd = 0; fd < reg->owned_cap; fd++) n += reg->owned[fd];
  return gf_num(env, (double)n);
}

int gf_registry_init(napi_env env, napi_value exports, gf_state* st) {
  napi_property_descriptor methods[] = {
    GF_METHOD("ioOpen", io_open),
    GF_METHOD("ioStart", io_start),
    GF_METHOD("ioStop", io_stop),
    GF_METHOD("ioClose", io_close),
    GF_METHOD("fdActive", fd_active),
    GF_METHOD("fdClose", fd_close),
    GF_METHOD("fdOwn", fd_own),
    GF_METHOD("fdRef", fd_ref),
    GF_METHOD("fdDisown", fd_disown),
    GF_METHOD("fdOwnedCount", fd_owned_count),
    GF_METHOD("setWakeCallback", set_wake_callback),
    GF_METHOD("stats", stats),
  };
  napi_value io;
  gf_registry* reg = calloc(1, sizeof *reg);
  if (!reg) return -ENOMEM;
  reg->st = st;
  reg->env = env;
  st->registry = reg;
  GF_DEFINE(env, exports, methods, reg);
  /* The protocol JS speaks with this file: interest bits for ioOpen, and the errno-slot mark that
   * re-arms a watcher after its delivery (see rearm_marked). */
  napi_create_object(env, &io);
  napi_set_named_property(env, io, "READ", gf_num(env, GF_READ));
  napi_set_named_property(env, io, "WRITE", gf_num(env, GF_WRITE));
  napi_set_named_property(env, io, "REARM", gf_num(env, GF_REARM));
  napi_set_named_property(env, exports, "io", io);
  return 0;
}

/* Environment teardown (a worker ending or terminated, the main thread exiting): close every fd the
 * environment owns and every poll; no JS runs any more. Node runs the loop until the close
 * callbacks are done (see gf_state_unhold), so no handle of ours is open at uv_loop_close. */
void gf_registry_cleanup(gf_registry* reg) {
  if (reg->wake_cb) napi_delete_reference(reg->env, reg->wake_cb);
  if (reg->chunk_ref) napi_delete_reference(reg->env, reg->chunk_ref);
  reg->wake_cb = reg->chunk_ref = NULL;
  reg->chunk = NULL;
  reg->chunk_cap = 0;
  if (reg->flush) {
    reg->flush_closing = 1;
    uv_close((uv_handle_t*)reg->flush, on_flush_closed);
    reg->flush = NULL;
  }
  reg->queue_head = reg->queue_len = 0;
  for (int32_t fd = 0; fd < reg->owned_cap; fd++)
    if (reg->owned[fd]) close_fd(reg, fd);
  /* Polls on fds someone else owns (a Watcher on stdin): only the handle is ours. */
  for (int fd = 0; fd < reg->fds_cap; fd++) {
    gf_fdrec* rec = reg->fds[fd];
    if (rec) close_rec(rec);
  }
  for (int32_t id = 1; id < reg->next_id; id++) {
    if (reg->watchers[id]) {
      free(reg->watchers[id]);
      reg->watchers[id] = NULL;
    }
  }
}

int gf_registry_busy(const gf_registry* reg) {
  return reg->live_handles > 0 || reg->flush_closing;
}

void gf_registry_free(gf_registry* reg) {
  free(reg->fds);
  free(reg->watchers);
  free(reg->free_ids);
  free(reg->queue);
  free(reg->owned);
  free(reg);
}
