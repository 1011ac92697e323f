// A misbehaving child for the real-process scheduler tests. Built without sanitizers (ASan
// cannot start under a small RLIMIT_AS). Usage: schedule_test_child MODE [ARG]
//   ok | exit N | crash | hang | leak | journal FILE (on SIGTERM: append "flushed" and exit 0)
//   escape PIDFILE hang|term|exit: forks a grandchild that starts its own session (setsid),
//     ignores SIGTERM, writes its pid to PIDFILE and sleeps; then this child ignores SIGTERM
//     and sleeps (hang), sleeps (term: SIGTERM ends it) or exits 0 at once (exit)
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

namespace {
const char* g_journal = nullptr;
void OnTerm(int) {
  if (FILE* f = std::fopen(g_journal, "a")) {
    std::fputs("flushed\n", f);
    std::fclose(f);
  }
  _exit(0);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* mode = argv[1];
  std::printf("child %s pid %d\n", mode, static_cast<int>(getpid()));
  std::fflush(stdout);
  if (!std::strcmp(mode, "ok")) return 0;
  if (!std::strcmp(mode, "exit")) return argc > 2 ? std::atoi(argv[2]) : 1;
  if (!std::strcmp(mode, "crash")) {
    volatile int* p = nullptr;
    return *p;  // SIGSEGV
  }
  if (!std::strcmp(mode, "hang")) {
    signal(SIGTERM, SIG_IGN);  // only SIGKILL ends it
    for (;;) pause();
  }
  if (!std::strcmp(mode, "leak")) {
    std::vector<char*> blocks;
    for (;;) {
      char* b = static_cast<char*>(std::malloc(8 << 20));
      if (b == nullptr) {
        std::fprintf(stderr, "leak: allocation failed after %zu MiB\n", blocks.size() * 8);
        std::abort();
      }
      std::memset(b, 1, 8 << 20);
      blocks.push_back(b);
    }
  }
  if (!std::strcmp(mode, "escape") && argc > 3) {
    const pid_t g = fork();
    if (g < 0) return 3;
    if (g == 0) {
      setsid();
      signal(SIGTERM, SIG_IGN);
      const std::string tmp = std::string(argv[2]) + ".tmp";
      if (FILE* f = std::fopen(tmp.c_str(), "w")) {
        std::fprintf(f, "%d\n", static_cast<int>(getpid()));
        std::fclose(f);
        std::rename(tmp.c_str(), argv[2]);  // the reader never sees a partial pid
      }
      for (;;) pause();
    }
    while (access(argv[2], F_OK) != 0) usleep(1000);  // the grandchild is up
    if (!std::strcmp(argv[3], "exit")) return 0;
    if (!std::strcmp(argv[3], "hang")) signal(SIGTERM, SIG_IGN);
    for (;;) pause();
  }
  if (!std::strcmp(mode, "journal") && argc > 2) {
    g_journal = argv[2];
    signal(SIGTERM, OnTerm);
    for (;;) pause();
  }
  return 2;
}
