/*
 * greenfiber bench load client: one epoll loop, non-blocking sockets, loopback only.
 * Written once and pointed at every echo server in the same run, so the client's own cost is
 * identical for all of them. bench/servers.ts builds it into bench/bin/loadclient.
 *
 *   loadclient pingpong --port P [--conns 50] [--size 64] [--duration 3] [--warmup 0.5]
 *   loadclient bulk     --port P [--conns 1] [--size 65536] [--duration 3] [--warmup 0.5]
 *   loadclient storm    --port P [--conns 50] [--duration 3] [--warmup 0.5]
 *   loadclient idle     --port P [--count 10000] [--parallel 100] [--timeout 60] [--hold 120]
 *
 * Each mode prints one JSON line on stdout. idle also prints "READY" once every connection has done
 * its echo, then holds them until stdin closes (or --hold seconds pass).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 512
#define HIST_MAX_US 1000000 /* latency histogram: 1 µs buckets up to 1 s, the rest in the last one */

static struct {
  const char *mode;
  const char *host;
  int port;
  int conns;
  int size;
  double duration;
  double warmup;
  int count;
  int parallel;
  double timeout;
  double hold;
} opt = {NULL, "127.0.0.1", 0, -1, -1, 3.0, 0.5, 10000, 100, 60.0, 120.0};

static struct sockaddr_in target;
static int ep = -1;
static uint32_t hist[HIST_MAX_US + 1];
static char scratch[1 << 18];

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what) {
  printf("{\"mode\":\"%s\",\"error\":\"%s: %s\"}\n", opt.mode ? opt.mode : "?", what, strerror(errno));
  fflush(stdout);
  exit(1);
}

static void usage(void) {
  fprintf(stderr, "usage: loadclient pingpong|bulk|storm|idle --port P [--host 127.0.0.1] [--conns N] [--size B]\n"
                  "       [--duration S] [--warmup S] [--count N] [--parallel N] [--timeout S] [--hold S]\n");
  exit(2);
}

static void parse(int argc, char **argv) {
  if (argc < 2) usage();
  opt.mode = argv[1];
  for (int i = 2; i < argc; i++) {
    const char *k = argv[i];
    if (i + 1 >= argc) usage();
    const char *v = argv[++i];
    if (!strcmp(k, "--port")) opt.port = atoi(v);
    else if (!strcmp(k, "--host")) opt.host = v;
    else if (!strcmp(k, "--conns")) opt.conns = atoi(v);
    else if (!strcmp(k, "--size")) opt.size = atoi(v);
    else if (!strcmp(k, "--duration")) opt.duration = atof(v);
    else if (!strcmp(k, "--warmup")) opt.warmup = atof(v);
    else if (!strcmp(k, "--count")) opt.count = atoi(v);
    else if (!strcmp(k, "--parallel")) opt.parallel = atoi(v);
    else if (!strcmp(k, "--timeout")) opt.timeout = atof(v);
    else if (!strcmp(k, "--hold")) opt.hold = atof(v);
    else usage();
  }
  if (opt.port <= 0 || opt.port > 65535) usage();
  memset(&target, 0, sizeof target);
  target.sin_family = AF_INET;
  target.sin_port = htons((uint16_t)opt.port);
  /* Loopback only: this tool must never load anything but the local machine. */
  if (inet_pton(AF_INET, opt.host, &target.sin_addr) != 1 || (ntohl(target.sin_addr.s_addr) >> 24) != 127) {
    fprintf(stderr, "loadclient: --host must be a 127.x.x.x address\n");
    exit(2);
  }
  if (opt.duration <= 0 || opt.duration > 600 || opt.warmup < 0 || opt.warmup > 60) usage();
  if (opt.timeout <= 0 || opt.timeout > 600 || opt.hold < 0 || opt.hold > 3600) usage();
}

/* Starts a non-blocking connect; returns the fd (connecting or connected) or -1. */
static int start_connect(void) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&target, sizeof target) < 0 && errno != EINPROGRESS) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

/* Connects with a deadline, for the long-lived connections of pingpong and bulk. */
static int connect_wait(double deadline) {
  int fd = start_connect();
  if (fd < 0) return -1;
  struct pollfd p = {fd, POLLOUT, 0};
  double left = deadline - now();
  if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) != 1) {
    close(fd);
    errno = ETIMEDOUT;
    return -1;
  }
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err) {
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

/* Close with an RST (SO_LINGER 0), so thousands of short connections leave no TIME_WAIT behind. */
static void close_rst(int fd) {
  struct linger l = {1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  close(fd);
}

static void ep_add(int fd, uint32_t events, uint64_t data) {
  struct epoll_event ev = {.events = events, .data.u64 = data};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl add");
}

static void ep_mod(int fd, uint32_t events, uint64_t data) {
  struct epoll_event ev = {.events = events, .data.u64 = data};
  if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) < 0) die("epoll_ctl mod");
}

static double percentile(uint64_t total, double p) {
  if (total == 0) return 0;
  uint64_t rank = (uint64_t)(p * (double)total);
  if (rank >= total) rank = total - 1;
  uint64_t seen = 0;
  for (int i = 0; i <= HIST_MAX_US; i++) {
    seen += hist[i];
    if (seen > rank) return i;
  }
  return HIST_MAX_US;
}

/* ---------------------------------------------------------------- pingpong */

typedef struct {
  int fd;
  int got;
  double sent_at;
  uint64_t rounds; /* measured round trips of this connection: shows whether the server is fair */
} pp_conn;

static int pingpong(void) {
  int n = opt.conns > 0 ? opt.conns : 50, size = opt.size > 0 ? opt.size : 64;
  if (size > (int)sizeof scratch) size = sizeof scratch;
  pp_conn *c = calloc((size_t)n, sizeof *c);
  char *msg = malloc((size_t)size);
  if (!c || !msg) die("calloc");
  memset(msg, 'x', (size_t)size);
  double setup_deadline = now() + opt.timeout;
  for (int i = 0; i < n; i++) {
    c[i].fd = connect_wait(setup_deadline);
    if (c[i].fd < 0) die("connect");
    ep_add(c[i].fd, EPOLLIN, (uint64_t)i);
  }
  uint64_t errors = 0, rounds = 0, total_rounds = 0;
  double start = now(), t0 = start + opt.warmup, t1 = t0 + opt.duration;
  for (int i = 0; i < n; i++) {
    c[i].sent_at = now();
    if (send(c[i].fd, msg, (size_t)size, MSG_NOSIGNAL) != size) die("send");
  }
  int live = n;
  struct epoll_event evs[MAX_EVENTS];
  while (live > 0) {
    double t = now();
    if (t >= t1) break;
    int k = epoll_wait(ep, evs, MAX_EVENTS, (int)((t1 - t) * 1000) + 1);
    if (k < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < k; e++) {
      pp_conn *x = &c[evs[e].data.u64];
      if (x->fd < 0) continue;
      ssize_t r = recv(x->fd, scratch, (size_t)(size - x->got), 0);
      if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (r <= 0) {
        errors++;
        close(x->fd);
        x->fd = -1;
        live--;
        continue;
      }
      x->got += (int)r;
      if (x->got < size) continue;
      double done = now();
      total_rounds++;
      if (x->sent_at >= t0 && done <= t1) {
        rounds++;
        x->rounds++;
        uint64_t us = (uint64_t)((done - x->sent_at) * 1e6);
        hist[us > HIST_MAX_US ? HIST_MAX_US : us]++;
      }
      x->got = 0;
      x->sent_at = done;
      if (send(x->fd, msg, (size_t)size, MSG_NOSIGNAL) != size) {
        errors++;
        close(x->fd);
        x->fd = -1;
        live--;
      }
    }
  }
  uint64_t least = UINT64_MAX, most = 0;
  for (int i = 0; i < n; i++) {
    if (c[i].fd >= 0) close(c[i].fd);
    if (c[i].rounds < least) least = c[i].rounds;
    if (c[i].rounds > most) most = c[i].rounds;
  }
  printf("{\"mode\":\"pingpong\",\"conns\":%d,\"size\":%d,\"duration\":%.3f,\"roundtrips\":%llu,"
         "\"rps\":%.1f,\"p50_us\":%.0f,\"p90_us\":%.0f,\"p99_us\":%.0f,\"p999_us\":%.0f,\"max_us\":%.0f,"
         "\"conn_min\":%llu,\"conn_max\":%llu,\"errors\":%llu,\"total_roundtrips\":%llu}\n",
         n, size, opt.duration, (unsigned long long)rounds, (double)rounds / opt.duration, percentile(rounds, 0.5),
         percentile(rounds, 0.9), percentile(rounds, 0.99), percentile(rounds, 0.999), percentile(rounds, 1.0),
         (unsigned long long)least, (unsigned long long)most, (unsigned long long)errors, (unsigned long long)total_rounds);
  return errors > 0 ? 1 : 0;
}

/* ---------------------------------------------------------------- bulk */

typedef struct {
  int fd;
  int offset;        /* bytes of the current chunk already written */
  uint64_t written;  /* bytes written in all */
  uint64_t echoed;   /* bytes read back in all */
  int want_out;
} bulk_conn;

static int bulk(void) {
  int n = opt.conns > 0 ? opt.conns : 1, size = opt.size > 0 ? opt.size : 65536;
  /* Bound the bytes in flight so a server without backpressure is not fed without limit. */
  const uint64_t cap = 8u << 20;
  bulk_conn *c = calloc((size_t)n, sizeof *c);
  char *chunk = malloc((size_t)size);
  if (!c || !chunk) die("calloc");
  memset(chunk, 'y', (size_t)size);
  double setup_deadline = now() + opt.timeout;
  for (int i = 0; i < n; i++) {
    c[i].fd = connect_wait(setup_deadline);
    if (c[i].fd < 0) die("connect");
    c[i].want_out = 1;
    ep_add(c[i].fd, EPOLLIN | EPOLLOUT, (uint64_t)i);
  }
  uint64_t errors = 0, bytes = 0, writes = 0;
  double t0 = now() + opt.warmup, t1 = t0 + opt.duration;
  int live = n;
  struct epoll_event evs[MAX_EVENTS];
  while (live > 0) {
    double t = now();
    if (t >= t1) break;
    int k = epoll_wait(ep, evs, MAX_EVENTS, (int)((t1 - t) * 1000) + 1);
    if (k < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < k; e++) {
      int i = (int)evs[e].data.u64;
      bulk_conn *x = &c[i];
      if (x->fd < 0) continue;
      if (evs[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        ssize_t r = recv(x->fd, scratch, sizeof scratch, 0);
        if (r > 0) {
          x->echoed += (uint64_t)r;
          double tr = now();
          if (tr >= t0 && tr <= t1) bytes += (uint64_t)r;
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          errors++;
          close(x->fd);
          x->fd = -1;
          live--;
          continue;
        }
      }
      if ((evs[e].events & EPOLLOUT) && x->written - x->echoed < cap) {
        ssize_t w = send(x->fd, chunk + x->offset, (size_t)(size - x->offset), MSG_NOSIGNAL);
        if (w > 0) {
          x->written += (uint64_t)w;
          x->offset += (int)w;
          if (x->offset == size) {
            x->offset = 0;
            writes++;
          }
        } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
          errors++;
          close(x->fd);
          x->fd = -1;
          live--;
          continue;
        }
      }
      int want = x->written - x->echoed < cap;
      if (want != x->want_out) {
        x->want_out = want;
        ep_mod(x->fd, EPOLLIN | (want ? EPOLLOUT : 0), (uint64_t)i);
      }
    }
  }
  for (int i = 0; i < n; i++)
    if (c[i].fd >= 0) close_rst(c[i].fd);
  printf("{\"mode\":\"bulk\",\"conns\":%d,\"size\":%d,\"duration\":%.3f,\"bytes\":%llu,\"mbps\":%.1f,"
         "\"writes\":%llu,\"errors\":%llu}\n",
         n, size, opt.duration, (unsigned long long)bytes, (double)bytes / opt.duration / 1e6,
         (unsigned long long)writes, (unsigned long long)errors);
  return errors > 0 ? 1 : 0;
}

/* ---------------------------------------------------------------- storm and idle */

enum { IDLE_SLOT, CONNECTING, ECHOING, HELD };

typedef struct {
  int fd;
  int state;
  uint32_t gen; /* tags epoll events so a stale event for a recycled slot is ignored */
  double started;
} cyc_conn;

static uint64_t tag(int i, uint32_t gen) { return ((uint64_t)gen << 32) | (uint32_t)i; }

/* Begins a connect on slot i; returns 0 or -1 (counted as an error by the caller). */
static int slot_connect(cyc_conn *x, int i) {
  x->gen++;
  x->fd = start_connect();
  if (x->fd < 0) {
    x->state = IDLE_SLOT;
    return -1;
  }
  x->state = CONNECTING;
  x->started = now();
  ep_add(x->fd, EPOLLOUT, tag(i, x->gen));
  return 0;
}

/* Advances slot i on an event; returns 1 when its echo completed, 0 when still going, -1 on failure. */
static int slot_step(cyc_conn *x, int i, uint32_t events) {
  if (x->state == CONNECTING) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err || (events & (EPOLLERR | EPOLLHUP))) return -1;
    char b = 'z';
    if (send(x->fd, &b, 1, MSG_NOSIGNAL) != 1) return -1;
    x->state = ECHOING;
    ep_mod(x->fd, EPOLLIN, tag(i, x->gen));
    return 0;
  }
  if (x->state == ECHOING) {
    char b;
    ssize_t r = recv(x->fd, &b, 1, 0);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return 0;
    if (r != 1) return -1;
    return 1;
  }
  return 0;
}

static void slot_drop(cyc_conn *x) {
  if (x->fd >= 0) close_rst(x->fd);
  x->fd = -1;
  x->state = IDLE_SLOT;
}

static int storm(void) {
  int n = opt.conns > 0 ? opt.conns : 50;
  cyc_conn *c = calloc((size_t)n, sizeof *c);
  if (!c) die("calloc");
  uint64_t done = 0, counted = 0, errors = 0;
  double t0 = now() + opt.warmup, t1 = t0 + opt.duration;
  for (int i = 0; i < n; i++)
    if (slot_connect(&c[i], i) < 0) errors++;
  struct epoll_event evs[MAX_EVENTS];
  /* Bounded: stops at t1 whatever happens, and failed attempts are capped. */
  while (now() < t1 && errors < 100000) {
    double t = now();
    int k = epoll_wait(ep, evs, MAX_EVENTS, (int)((t1 - t) * 1000) + 1);
    if (k < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < k; e++) {
      int i = (int)(uint32_t)evs[e].data.u64;
      cyc_conn *x = &c[i];
      if ((uint32_t)(evs[e].data.u64 >> 32) != x->gen || x->fd < 0) continue;
      int s = slot_step(x, i, evs[e].events);
      if (s == 0) continue;
      slot_drop(x);
      if (s > 0) {
        done++;
        double tc = now();
        if (tc >= t0 && tc <= t1) counted++;
      } else {
        errors++;
      }
      if (slot_connect(x, i) < 0) errors++;
    }
    /* A slot whose connect failed synchronously (e.g. EADDRNOTAVAIL) retries here. */
    for (int i = 0; i < n; i++)
      if (c[i].state == IDLE_SLOT && slot_connect(&c[i], i) < 0) errors++;
  }
  for (int i = 0; i < n; i++) slot_drop(&c[i]);
  printf("{\"mode\":\"storm\",\"conns\":%d,\"duration\":%.3f,\"connects\":%llu,\"cps\":%.1f,\"errors\":%llu,"
         "\"total_connects\":%llu}\n",
         n, opt.duration, (unsigned long long)counted, (double)counted / opt.duration, (unsigned long long)errors,
         (unsigned long long)done);
  return 0;
}

static int idle(void) {
  int n = opt.count, par = opt.parallel;
  if (n <= 0 || par <= 0) usage();
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 64) {
    rl.rlim_cur = rl.rlim_max < (rlim_t)n + 64 ? rl.rlim_max : (rlim_t)n + 64;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  cyc_conn *c = calloc((size_t)n, sizeof *c);
  if (!c) die("calloc");
  for (int i = 0; i < n; i++) c[i].fd = -1;
  int next = 0, inflight = 0, held = 0;
  uint64_t errors = 0, attempts = 0;
  const uint64_t max_attempts = (uint64_t)n + 1000;
  double start = now(), deadline = start + opt.timeout;
  struct epoll_event evs[MAX_EVENTS];
  while (held < n && now() < deadline && attempts <= max_attempts) {
    while (inflight < par && next < n && attempts < max_attempts) {
      attempts++;
      if (slot_connect(&c[next], next) < 0) {
        errors++;
        continue; /* retry the same slot */
      }
      inflight++;
      next++;
    }
    int k = epoll_wait(ep, evs, MAX_EVENTS, 100);
    if (k < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < k; e++) {
      int i = (int)(uint32_t)evs[e].data.u64;
      cyc_conn *x = &c[i];
      if ((uint32_t)(evs[e].data.u64 >> 32) != x->gen || x->fd < 0 || x->state == HELD) continue;
      int s = slot_step(x, i, evs[e].events);
      if (s == 0) continue;
      inflight--;
      if (s > 0) {
        /* Keep it, with no interest: a held connection costs the client nothing per event. */
        epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL);
        x->state = HELD;
        held++;
      } else {
        errors++;
        slot_drop(x);
        if (attempts < max_attempts) {
          attempts++;
          if (slot_connect(x, i) < 0) errors++;
          else inflight++;
        }
      }
    }
  }
  double ready_s = now() - start;
  int ok = held == n;
  if (ok) {
    printf("READY\n");
    fflush(stdout);
    /* Hold until stdin closes (the harness measured the server) or --hold runs out. */
    double hold_until = now() + opt.hold;
    for (;;) {
      double left = hold_until - now();
      if (left <= 0) break;
      struct pollfd p = {0, POLLIN, 0};
      int r = poll(&p, 1, (int)(left * 1000) + 1);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      ssize_t got = read(0, scratch, sizeof scratch);
      if (got <= 0) break;
    }
  }
  /* Check every held connection is still open: a server that dropped idle sockets would read as EOF. */
  int alive = 0;
  for (int i = 0; i < n; i++) {
    if (c[i].state != HELD) continue;
    char b;
    ssize_t r = recv(c[i].fd, &b, 1, MSG_DONTWAIT);
    if (r < 0 && errno == EAGAIN) alive++;
  }
  for (int i = 0; i < n; i++) slot_drop(&c[i]);
  printf("{\"mode\":\"idle\",\"count\":%d,\"held\":%d,\"alive\":%d,\"ready_s\":%.3f,\"errors\":%llu}\n", n, held,
         alive, ready_s, (unsigned long long)errors);
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  parse(argc, argv);
  ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1");
  int rc;
  if (!strcmp(opt.mode, "pingpong")) rc = pingpong();
  else if (!strcmp(opt.mode, "bulk")) rc = bulk();
  else if (!strcmp(opt.mode, "storm")) rc = storm();
  else if (!strcmp(opt.mode, "idle")) rc = idle();
  else usage();
  fflush(stdout);
  return rc;
}
