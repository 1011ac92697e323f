// A misbehaving child for the real-process scheduler tests. Built without sanitizers (ASan
// cannot start under a small RLIMIT_AS). Usage: schedule_test_child MODE [ARG]
//   ok | exit N | crash | hang | leak | journal FILE (on SIGTERM: append "flushed" and exit 0)
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
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
  if (!std::strcmp(mode, "journal") && argc > 2) {
    g_journal = argv[2];
    signal(SIGTERM, OnTerm);
    for (;;) pause();
  }
  return 2;
}
