/*
 * Preloaded into a build step (LD_PRELOAD) by tests/support/host-execs.ts: every program the
 * step executes is logged to $STACKLAB_EXEC_LOG, and an i386 ELF is refused (ENOEXEC) and
 * logged as "refused", as on a host whose kernel cannot run 32-bit binaries.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_i386_elf(const char *path) {
  unsigned char header[20];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, header, sizeof header);
  close(fd);
  return n == (ssize_t)sizeof header && memcmp(header, "\177ELF", 4) == 0 && header[18] == 3 && header[19] == 0;
}

/* The file a bare name runs, searched in PATH as execvp does; the name itself otherwise. */
static const char *resolve(const char *file, char *buffer, size_t size) {
  if (strchr(file, '/')) return file;
  const char *path = getenv("PATH");
  if (!path) return file;
  while (*path) {
    const char *end = strchr(path, ':');
    size_t len = end ? (size_t)(end - path) : strlen(path);
    snprintf(buffer, size, "%.*s/%s", (int)len, path, file);
    if (access(buffer, X_OK) == 0) return buffer;
    if (!end) break;
    path = end + 1;
  }
  return file;
}

/* Logs the program; returns 1 if it must be refused. */
static int watch(const char *file) {
  char buffer[4096];
  const char *path = resolve(file, buffer, sizeof buffer);
  int refuse = is_i386_elf(path);
  const char *log = getenv("STACKLAB_EXEC_LOG");
  if (log) {
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
      char cwd[2048];
      dprintf(fd, "%s\t%s\t%s\n", refuse ? "refused" : "ran", path, getcwd(cwd, sizeof cwd) ? cwd : "?");
      close(fd);
    }
  }
  if (refuse) errno = ENOEXEC;
  return refuse;
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int execve(const char *path, char *const argv[], char *const envp[]) {
  if (watch(path)) return -1;
  return NEXT(execve)(path, argv, envp);
}
int execv(const char *path, char *const argv[]) {
  if (watch(path)) return -1;
  return NEXT(execv)(path, argv);
}
int execvp(const char *file, char *const argv[]) {
  if (watch(file)) return -1;
  return NEXT(execvp)(file, argv);
}
int execvpe(const char *file, char *const argv[], char *const envp[]) {
  if (watch(file)) return -1;
  return NEXT(execvpe)(file, argv, envp);
}
int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr,
                char *const argv[], char *const envp[]) {
  if (watch(path)) return ENOEXEC;
  return NEXT(posix_spawn)(pid, path, actions, attr, argv, envp);
}
int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr,
                 char *const argv[], char *const envp[]) {
  if (watch(file)) return ENOEXEC;
  return NEXT(posix_spawnp)(pid, file, actions, attr, argv, envp);
}
