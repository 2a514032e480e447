/*
 * stacklab-agent: answers the host's requests on a serial port (ttyS1), so the
 * graders can read the guest's state without touching the learner's shell on ttyS0.
 *
 * Wire format (all numbers decimal ASCII):
 *   request  "\x02SL1 <kind> <id> <timeout_ms> <ns_len> <body_len> <stdin_len>\n"
 *            followed by <ns> <body> <stdin> bytes
 *     kind X  run <body> with /bin/sh -c, inside network namespace <ns> if given
 *          P  ping: answer at once
 *          T  set the clock: <body> is Unix time in milliseconds, then optionally a space
 *             and a hex seed that is mixed into the kernel's random number generator,
 *             which is then reseeded (see reseed_random)
 *          W  terminal size of the learner's console: <body> is "<rows> <cols>"
 *   reply    "\x1eSL1 R <id> <status> <exit> <duration_ms> <out_len> <err_len>\n"
 *            followed by <out> <err> bytes, then "\x1eSL1 E <id>\n"
 *     status ok | timeout | cancelled | error (the reason is in <err>)
 *   cancel   one byte "\x18" (CAN) sent while a command runs: the host no longer wants its
 *            answer (background work, and someone is waiting). The command and everything it
 *            started are killed and the reply's status is "cancelled". Outside a command the
 *            byte is skipped like any other byte between requests.
 *   on start "\x1eSL1 H <pid>\n", so the host knows a (re)started agent is listening.
 *
 * Every payload is length-prefixed, so no output can be mistaken for framing.
 *
 * Two ways to run a command. Starting a process costs tens of milliseconds in the emulator,
 * most of it in exec and dynamic linking, so commands in the host namespace without input go
 * to a resident "runner" shell that forks a subshell per command (no exec for the shell, and
 * none at all for builtins). Commands for another namespace, or with input, fork and exec
 * /bin/sh directly, after entering the namespace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/statvfs.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <linux/random.h>
#include <time.h>
#include <unistd.h>

#define MAX_HEADER 256
#define MAX_FIELD (4 * 1024 * 1024)
#define MAX_CAPTURE (8 * 1024 * 1024)
#define BODY_IDLE_MS 10000
#define DEFAULT_TIMEOUT_MS 30000
#define MIN_FREE_BYTES (1024 * 1024)
#define CANCEL_BYTE 0x18

static int port = -1;
static int sigchld_pipe[2];

#define WORK_DIR "/run/stacklab/agent"
/* Bytes typed in the learner's terminal and not yet read, as the latest command started. */
#define UNREAD_INPUT_FILE "/run/stacklab/terminal-unread"
/* The runner: reads a request id per line, runs WORK_DIR/<id>.cmd in a subshell with its output
 * in <id>.out and <id>.err, and reports "<id> <status>" on fd 3. */
static const char RUNNER_SCRIPT[] =
  "cd /; export HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; "
  "while read -r id; do "
  "( exec 3>&-; . " WORK_DIR "/$id.cmd ) </dev/null >" WORK_DIR "/$id.out 2>" WORK_DIR "/$id.err; "
  "echo \"$id $?\" >&3; done";
static pid_t runner_pid = -1;
static int runner_in = -1, runner_status = -1;

struct buffer {
  char *data;
  size_t len, cap;
  int truncated;
};

static long long now_ms(int clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void buffer_add(struct buffer *b, const char *src, size_t n) {
  if (b->len + n > MAX_CAPTURE) {
    n = MAX_CAPTURE - b->len;
    b->truncated = 1;
  }
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n) cap *= 2;
    char *grown = realloc(b->data, cap);
    if (!grown) { b->truncated = 1; return; }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, src, n);
  b->len += n;
}

static void buffer_printf(struct buffer *b, const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n > 0) buffer_add(b, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void write_all(const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(port, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) { struct pollfd pf = {port, POLLOUT, 0}; poll(&pf, 1, 100); continue; }
      return;
    }
    p += w;
    n -= (size_t)w;
  }
}

static void reply(const char *id, const char *status, int code, long long duration,
                  struct buffer *out, struct buffer *err) {
  char head[MAX_HEADER];
  int n = snprintf(head, sizeof head, "\x1eSL1 R %s %s %d %lld %zu %zu\n", id, status, code,
                   duration, out->len, err->len);
  write_all(head, (size_t)n);
  if (out->len) write_all(out->data, out->len);
  if (err->len) write_all(err->data, err->len);
  n = snprintf(head, sizeof head, "\x1eSL1 E %s\n", id);
  write_all(head, (size_t)n);
}

static void reply_error(const char *id, const char *fmt, ...) {
  struct buffer out = {0}, err = {0};
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  buffer_add(&err, message, strlen(message));
  reply(id, "error", -1, 0, &out, &err);
  free(err.data);
}

/*
 * Bytes read from the port while a command ran, other than a cancel: the start of the next
 * request (the host sends one only after giving up on the command in flight), served from
 * here before the port is read again.
 */
static unsigned char held[4096];
static size_t held_len, held_pos;

static size_t take_held(char *dst, size_t n) {
  size_t take = held_len - held_pos < n ? held_len - held_pos : n;
  memcpy(dst, held + held_pos, take);
  held_pos += take;
  if (held_pos == held_len) held_pos = held_len = 0;
  return take;
}

/*
 * The port is readable while a command runs: reads what came. Returns 1 if the host cancelled
 * the command, that is if a CAN byte came first, where a request would start.
 */
static int read_while_running(void) {
  int at_boundary = held_len == 0;
  if (held_len == sizeof held) return 0;
  ssize_t got = read(port, held + held_len, sizeof held - held_len);
  if (got <= 0) return 0;
  held_len += (size_t)got;
  if (at_boundary && held[0] == CANCEL_BYTE) {
    held_pos = 1;
    if (held_pos == held_len) held_pos = held_len = 0;
    return 1;
  }
  return 0;
}

/* The port, for poll, while a command runs: not once the hold buffer is full. */
static int port_while_running(void) {
  return held_len < sizeof held ? port : -1;
}

/* Reads exactly n bytes from the port; gives up after BODY_IDLE_MS without a byte. */
static int read_exact(char *dst, size_t n) {
  size_t took = take_held(dst, n);
  dst += took;
  n -= took;
  while (n > 0) {
    struct pollfd pf = {port, POLLIN, 0};
    int r = poll(&pf, 1, BODY_IDLE_MS);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    ssize_t got = read(port, dst, n);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) return -1;
    dst += got;
    n -= (size_t)got;
  }
  return 0;
}

/* Reads one byte, blocking for as long as it takes (the idle state). */
static int read_byte(void) {
  char kept;
  if (take_held(&kept, 1) == 1) return (unsigned char)kept;
  for (;;) {
    unsigned char c;
    ssize_t got = read(port, &c, 1);
    if (got == 1) return c;
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) {
      struct pollfd pf = {port, POLLIN, 0};
      poll(&pf, 1, -1);
      continue;
    }
    if (got == 0) { usleep(10000); continue; }
    return -1;
  }
}

static int enter_namespace(const char *ns) {
  char path[512];
  if (ns[0] == '/') {
    snprintf(path, sizeof path, "%s", ns);
  } else {
    snprintf(path, sizeof path, "/run/netns/%s", ns);
    if (access(path, F_OK) != 0) snprintf(path, sizeof path, "/run/stacklab/netns/%s", ns);
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    dprintf(2, "stacklab-agent: network namespace '%s' does not exist\n", ns);
    return -1;
  }
  if (setns(fd, CLONE_NEWNET) != 0) {
    dprintf(2, "stacklab-agent: cannot enter namespace '%s': %s\n", ns, strerror(errno));
    close(fd);
    return -1;
  }
  close(fd);
  return 0;
}

static void on_sigchld(int sig) {
  (void)sig;
  int saved = errno;
  (void)!write(sigchld_pipe[1], "c", 1);
  errno = saved;
}

static int write_file(const char *path, const char *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  while (len > 0) {
    ssize_t w = write(fd, data, len);
    if (w <= 0) { close(fd); return -1; }
    data += w;
    len -= (size_t)w;
  }
  close(fd);
  return 0;
}

static void stop_runner(void) {
  if (runner_pid > 0) {
    kill(runner_pid, SIGKILL);
    waitpid(runner_pid, NULL, 0);
  }
  if (runner_in >= 0) close(runner_in);
  if (runner_status >= 0) close(runner_status);
  runner_pid = -1;
  runner_in = runner_status = -1;
}

static int start_runner(void) {
  int in[2], status[2];
  if (pipe2(in, O_CLOEXEC) != 0) return -1;
  if (pipe2(status, O_CLOEXEC) != 0) { close(in[0]); close(in[1]); return -1; }
  pid_t pid = fork();
  if (pid < 0) {
    close(in[0]); close(in[1]); close(status[0]); close(status[1]);
    return -1;
  }
  if (pid == 0) {
    setsid();
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull < 0) _exit(126);
    dup2(in[0], 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    dup2(status[1], 3);
    execl("/bin/sh", "sh", "-c", RUNNER_SCRIPT, (char *)NULL);
    _exit(126);
  }
  close(in[0]);
  close(status[1]);
  runner_pid = pid;
  runner_in = in[1];
  runner_status = status[0];
  return 0;
}

/* Kills every descendant of `root` (not root itself), found by walking /proc. */
static void kill_descendants(pid_t root) {
  pid_t parents[4096];
  int count = 0, changed = 1;
  parents[count++] = root;
  while (changed) {
    changed = 0;
    DIR *proc = opendir("/proc");
    if (!proc) return;
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL) {
      pid_t pid = (pid_t)atoi(entry->d_name);
      if (pid <= 1) continue;
      char path[64], stat[512];
      snprintf(path, sizeof path, "/proc/%d/stat", pid);
      int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      ssize_t n = read(fd, stat, sizeof stat - 1);
      close(fd);
      if (n <= 0) continue;
      stat[n] = 0;
      char *after_name = strrchr(stat, ')');
      int ppid = 0;
      if (!after_name || sscanf(after_name + 2, "%*c %d", &ppid) != 1) continue;
      int known = 0, parent_known = 0;
      for (int i = 0; i < count; i++) {
        if (parents[i] == pid) known = 1;
        if (parents[i] == ppid) parent_known = 1;
      }
      if (parent_known && !known && count < 4096) {
        parents[count++] = pid;
        kill(pid, SIGSTOP);
        changed = 1;
      }
    }
    closedir(proc);
  }
  for (int i = 1; i < count; i++) kill(parents[i], SIGKILL);
  for (int i = 1; i < count; i++) kill(parents[i], SIGCONT);
}

static void read_file_into(const char *path, struct buffer *b) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char chunk[16384];
  ssize_t n;
  while ((n = read(fd, chunk, sizeof chunk)) > 0) buffer_add(b, chunk, (size_t)n);
  close(fd);
}

/*
 * Reads the runner's "<id> <status>" line; returns the status, -1 on timeout, -2 if the runner
 * died, -3 if the host cancelled the command (only when `cancellable`).
 */
static int await_runner(const char *id, long long deadline, int cancellable) {
  char line[128];
  size_t len = 0;
  for (;;) {
    long long now = now_ms(CLOCK_MONOTONIC);
    if (now >= deadline) return -1;
    struct pollfd pf[2] = {{runner_status, POLLIN, 0}, {cancellable ? port_while_running() : -1, POLLIN, 0}};
    int r = poll(pf, 2, (int)(deadline - now));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    if ((pf[1].revents & POLLIN) && read_while_running()) return -3;
    if (!(pf[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t got = read(runner_status, line + len, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return -2;
    if (line[len] == '\n') {
      line[len] = 0;
      size_t id_len = strlen(id);
      len = 0;
      if (strncmp(line, id, id_len) == 0 && line[id_len] == ' ') return atoi(line + id_len + 1);
      continue; /* a late report of an earlier, abandoned command */
    }
    if (++len >= sizeof line) len = 0;
  }
}

static void run_in_runner(const char *id, long timeout_ms, const char *body, size_t body_len) {
  char cmd_path[128], out_path[128], err_path[128];
  snprintf(cmd_path, sizeof cmd_path, WORK_DIR "/%s.cmd", id);
  snprintf(out_path, sizeof out_path, WORK_DIR "/%s.out", id);
  snprintf(err_path, sizeof err_path, WORK_DIR "/%s.err", id);
  /* The runner captures output in files: without room for them every answer would be empty. */
  struct statvfs fs;
  if (statvfs(WORK_DIR, &fs) == 0 && (unsigned long long)fs.f_bavail * fs.f_bsize < MIN_FREE_BYTES) {
    reply_error(id, "stacklab-agent: /run is full (%llu bytes free), so command output cannot be captured; "
                    "delete what was written under /run or reset the VM",
                (unsigned long long)fs.f_bavail * fs.f_bsize);
    return;
  }
  if (runner_pid <= 0 && start_runner() != 0) {
    reply_error(id, "stacklab-agent: cannot start the runner shell: %s", strerror(errno));
    return;
  }
  if (write_file(cmd_path, body, body_len) != 0) {
    reply_error(id, "stacklab-agent: cannot store the command in " WORK_DIR ": %s", strerror(errno));
    return;
  }
  long long started = now_ms(CLOCK_MONOTONIC);
  char line[80];
  int n = snprintf(line, sizeof line, "%s\n", id);
  int status;
  if (write(runner_in, line, (size_t)n) != n) {
    status = -2;
  } else {
    status = await_runner(id, started + timeout_ms, 1);
  }
  int timed_out = 0, cancelled = 0;
  if (status == -1) {
    timed_out = 1;
    kill_descendants(runner_pid);
    status = await_runner(id, now_ms(CLOCK_MONOTONIC) + 1000, 0);
    if (status < 0) stop_runner();
    status = 137;
  } else if (status == -3) {
    /* At once, for someone is waiting: the runner's whole process group (the runner, the
     * command and what it started; background work starts no sessions of its own), in one
     * call, where walking /proc took a cold guest a fifth of a second. A new runner is
     * started once the reply is sent. */
    cancelled = 1;
    kill(-runner_pid, SIGKILL);
    stop_runner();
    status = 137;
  } else if (status == -2) {
    stop_runner();
  }
  struct buffer out = {0}, err = {0};
  read_file_into(out_path, &out);
  read_file_into(err_path, &err);
  unlink(cmd_path);
  unlink(out_path);
  unlink(err_path);
  if (status == -2) {
    buffer_printf(&err, "\nstacklab-agent: the shell running the command died (was it killed?)\n");
    status = 137;
  }
  if (out.truncated) buffer_printf(&err, "\nstacklab-agent: stdout truncated at %d bytes\n", MAX_CAPTURE);
  if (timed_out) buffer_printf(&err, "\nstacklab-agent: killed after %ld ms\n", timeout_ms);
  if (cancelled) buffer_printf(&err, "\nstacklab-agent: cancelled by the host\n");
  reply(id, timed_out ? "timeout" : cancelled ? "cancelled" : "ok", status, now_ms(CLOCK_MONOTONIC) - started, &out, &err);
  free(out.data);
  free(err.data);
  if (cancelled) start_runner(); /* while the host sends what was waiting; on failure, the next command tries again */
}

static void run_command(const char *id, long timeout_ms, const char *ns, const char *body,
                        const char *input, size_t input_len) {
  int out_pipe[2], err_pipe[2];
  char stdin_path[128] = "/dev/null";
  if (input_len) snprintf(stdin_path, sizeof stdin_path, WORK_DIR "/%s.in", id);
  if (input_len && write_file(stdin_path, input, input_len) != 0) {
    reply_error(id, "stacklab-agent: cannot store the request's input: %s", strerror(errno));
    return;
  }
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    reply_error(id, "stacklab-agent: pipe: %s", strerror(errno));
    return;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    reply_error(id, "stacklab-agent: pipe: %s", strerror(errno));
    close(out_pipe[0]); close(out_pipe[1]);
    return;
  }
  long long started = now_ms(CLOCK_MONOTONIC);
  pid_t pid = fork();
  if (pid < 0) {
    reply_error(id, "stacklab-agent: fork: %s", strerror(errno));
    close(out_pipe[0]); close(out_pipe[1]); close(err_pipe[0]); close(err_pipe[1]);
    return;
  }
  if (pid == 0) {
    setsid();
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    int in = open(stdin_path, O_RDONLY);
    /* Never let a command read the agent's own port as its input. */
    if (in < 0) {
      dprintf(err_pipe[1], "stacklab-agent: cannot open the command's input %s: %s\n", stdin_path, strerror(errno));
      _exit(126);
    }
    dup2(in, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (ns[0] && enter_namespace(ns) != 0) _exit(125);
    execl("/bin/sh", "sh", "-c", body, (char *)NULL);
    dprintf(2, "stacklab-agent: cannot run /bin/sh: %s\n", strerror(errno));
    _exit(126);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);

  struct buffer out = {0}, err = {0};
  int status = 0, exited = 0, timed_out = 0, cancelled = 0;
  int open_fds = 2;
  long long deadline = started + timeout_ms;
  long long drain_until = 0;
  char chunk[16384];

  while (!exited || (open_fds > 0 && now_ms(CLOCK_MONOTONIC) < drain_until)) {
    struct pollfd pf[4] = {
      {out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {sigchld_pipe[0], POLLIN, 0},
      {exited ? -1 : port_while_running(), POLLIN, 0}};
    long long now = now_ms(CLOCK_MONOTONIC);
    long long until = exited ? drain_until : deadline;
    int wait_ms = until > now ? (int)(until - now) : 0;
    int r = poll(pf, 4, wait_ms);
    if (r < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; i++) {
      if (pf[i].fd >= 0 && (pf[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t got = read(pf[i].fd, chunk, sizeof chunk);
        if (got > 0) {
          buffer_add(i == 0 ? &out : &err, chunk, (size_t)got);
        } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
          close(i == 0 ? out_pipe[0] : err_pipe[0]);
          if (i == 0) out_pipe[0] = -1; else err_pipe[0] = -1;
          open_fds--;
        }
      }
    }
    if (pf[2].revents & POLLIN) {
      char drain[64];
      (void)!read(sigchld_pipe[0], drain, sizeof drain);
    }
    if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
      exited = 1;
      /* Output still in the pipes is read; a background process holding them open is not waited for. */
      drain_until = now_ms(CLOCK_MONOTONIC) + 50;
    }
    if (!exited && (pf[3].revents & POLLIN) && read_while_running()) cancelled = 1;
    if (!exited && (cancelled || now_ms(CLOCK_MONOTONIC) >= deadline)) {
      timed_out = !cancelled;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      exited = 1;
      drain_until = now_ms(CLOCK_MONOTONIC) + 50;
    }
  }
  if (out_pipe[0] >= 0) close(out_pipe[0]);
  if (err_pipe[0] >= 0) close(err_pipe[0]);
  if (input_len) unlink(stdin_path);

  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (out.truncated) buffer_printf(&err, "\nstacklab-agent: stdout truncated at %d bytes\n", MAX_CAPTURE);
  if (err.truncated) buffer_printf(&err, "\nstacklab-agent: stderr truncated at %d bytes\n", MAX_CAPTURE);
  if (timed_out) buffer_printf(&err, "\nstacklab-agent: killed after %ld ms\n", timeout_ms);
  if (cancelled) buffer_printf(&err, "\nstacklab-agent: cancelled by the host\n");
  reply(id, timed_out ? "timeout" : cancelled ? "cancelled" : "ok", code, now_ms(CLOCK_MONOTONIC) - started, &out, &err);
  free(out.data);
  free(err.data);
}

/*
 * A restored snapshot carries the random number generator it was saved with: for its first
 * seconds every restore reads the same bytes from /dev/urandom, so an exercise set-up that
 * draws MAC addresses or ports would draw the same ones for every learner. The host's seed
 * and the time are mixed in, and the generator is reseeded at once (RNDRESEEDCRNG).
 */
static void reseed_random(long long ms, const char *hex) {
  struct rand_pool_info *info = calloc(1, sizeof *info + 64 + sizeof ms);
  if (!info) return;
  unsigned char *bytes = (unsigned char *)info->buf;
  int n = 0;
  unsigned value;
  while (hex && n < 64 && sscanf(hex, "%2x", &value) == 1) {
    bytes[n++] = (unsigned char)value;
    hex += 2;
  }
  memcpy(bytes + n, &ms, sizeof ms);
  info->buf_size = n + (int)sizeof ms;
  info->entropy_count = n * 8;
  int fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    ioctl(fd, RNDADDENTROPY, info);
    ioctl(fd, RNDRESEEDCRNG);
    close(fd);
  }
  free(info);
}

static void set_clock(const char *id, const char *body) {
  long long ms = atoll(body);
  const char *seed = strchr(body, ' ');
  reseed_random(ms, seed ? seed + 1 : NULL);
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
  struct buffer out = {0}, err = {0};
  if (ms <= 0 || clock_settime(CLOCK_REALTIME, &ts) != 0) {
    reply_error(id, "stacklab-agent: cannot set the clock to '%s'", body);
    return;
  }
  reply(id, "ok", 0, 0, &out, &err);
}

static void set_window(const char *id, const char *body) {
  struct winsize ws = {0};
  unsigned rows = 0, cols = 0;
  struct buffer out = {0}, err = {0};
  if (sscanf(body, "%u %u", &rows, &cols) != 2 || rows == 0 || cols == 0) {
    reply_error(id, "stacklab-agent: window size must be '<rows> <cols>', got '%s'", body);
    return;
  }
  ws.ws_row = (unsigned short)rows;
  ws.ws_col = (unsigned short)cols;
  int fd = open("/dev/ttyS0", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 || ioctl(fd, TIOCSWINSZ, &ws) != 0) {
    reply_error(id, "stacklab-agent: cannot resize /dev/ttyS0: %s", strerror(errno));
    if (fd >= 0) close(fd);
    return;
  }
  close(fd);
  reply(id, "ok", 0, 0, &out, &err);
}

/*
 * Lines typed in the learner's terminal that its shell has not read yet (typed while a command
 * ran), counted as a command that reads the count starts (the state collection's terminal
 * probe): a report read before they ran should say so. TIOCINQ counts whole lines while a
 * command runs (the terminal is canonical) and whatever is unread while the shell edits a line.
 */
static void note_unread_terminal_input(void) {
  int unread = 0;
  int fd = open("/dev/ttyS0", O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0) {
    if (ioctl(fd, TIOCINQ, &unread) != 0) unread = 0;
    close(fd);
  }
  char text[16];
  int n = snprintf(text, sizeof text, "%d\n", unread);
  write_file(UNREAD_INPUT_FILE, text, (size_t)n);
}

static void serve_request(void) {
  char header[MAX_HEADER];
  size_t n = 0;
  int c;
  while ((c = read_byte()) >= 0 && c != '\n' && n < sizeof header - 1) header[n++] = (char)c;
  header[n] = 0;
  if (c != '\n') return; /* garbage or an over-long line: drop it and wait for the next request */

  char kind = 0, id[64];
  long timeout_ms = 0;
  unsigned long ns_len = 0, body_len = 0, stdin_len = 0;
  if (sscanf(header, "SL1 %c %63s %ld %lu %lu %lu", &kind, id, &timeout_ms, &ns_len, &body_len,
             &stdin_len) != 6) {
    reply_error("-", "stacklab-agent: malformed request header '%s'", header);
    return;
  }
  if (ns_len > 255 || body_len > MAX_FIELD || stdin_len > MAX_FIELD) {
    reply_error(id, "stacklab-agent: request too large (namespace %lu, command %lu, input %lu bytes)",
                ns_len, body_len, stdin_len);
    return;
  }
  char *payload = malloc(ns_len + body_len + stdin_len + 2);
  if (!payload) { reply_error(id, "stacklab-agent: out of memory"); return; }
  if (read_exact(payload, ns_len + body_len + stdin_len) != 0) {
    reply_error(id, "stacklab-agent: the request's body did not arrive whole");
    free(payload);
    return;
  }
  char ns[256];
  memcpy(ns, payload, ns_len);
  ns[ns_len] = 0;
  char *body = malloc(body_len + 1);
  if (!body) { reply_error(id, "stacklab-agent: out of memory"); free(payload); return; }
  memcpy(body, payload + ns_len, body_len);
  body[body_len] = 0;
  const char *input = payload + ns_len + body_len;
  if (timeout_ms <= 0) timeout_ms = DEFAULT_TIMEOUT_MS;

  struct buffer none = {0};
  switch (kind) {
  case 'X':
    /* Only for a command that reads the count (the state collection's terminal probe). */
    if (memmem(body, body_len, UNREAD_INPUT_FILE, strlen(UNREAD_INPUT_FILE))) note_unread_terminal_input();
    if (ns_len == 0 && stdin_len == 0) run_in_runner(id, timeout_ms, body, body_len);
    else run_command(id, timeout_ms, ns, body, input, stdin_len);
    break;
  case 'P': reply(id, "ok", 0, 0, &none, &none); break;
  case 'T': set_clock(id, body); break;
  case 'W': set_window(id, body); break;
  default: reply_error(id, "stacklab-agent: unknown request kind '%c'", kind);
  }
  free(body);
  free(payload);
}

int main(int argc, char **argv) {
  const char *device = argc > 1 ? argv[1] : "/dev/ttyS1";
  port = open(device, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (port < 0) {
    perror(device);
    return 1;
  }
  struct termios tio;
  if (tcgetattr(port, &tio) == 0) {
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    cfsetspeed(&tio, B115200);
    tcsetattr(port, TCSANOW, &tio);
  }
  mkdir("/run/stacklab", 0755);
  mkdir(WORK_DIR, 0700);
  if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return 1;
  struct sigaction sa = {0};
  sa.sa_handler = on_sigchld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);

  char hello[64];
  int n = snprintf(hello, sizeof hello, "\x1eSL1 H %d\n", (int)getpid());
  write_all(hello, (size_t)n);

  for (;;) {
    int c = read_byte();
    if (c < 0) return 1;
    if (c == 0x02) serve_request();
  }
}
