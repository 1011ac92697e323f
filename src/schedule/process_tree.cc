#include "schedule/process_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

namespace tradelet::schedule {
namespace {

// Reads up to `limit` bytes of a /proc file ("" when it cannot be read).
std::string ReadProc(const std::string& path, size_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string out;
  char buf[4096];
  while (out.size() < limit) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

struct ProcInfo {
  pid_t ppid = 0;
  char state = '?';
};

// /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so the
// fields start after the last ')'.
bool ParseStat(const std::string& stat, ProcInfo* out) {
  const size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 4 > stat.size()) return false;
  out->state = stat[close + 2];
  out->ppid = static_cast<pid_t>(std::strtol(stat.c_str() + close + 4, nullptr, 10));
  return true;
}

bool EnvironHolds(pid_t pid, const std::string& entry) {
  const std::string env = ReadProc("/proc/" + std::to_string(pid) + "/environ", 1 << 20);
  size_t start = 0;
  while (start < env.size()) {
    size_t end = env.find('\0', start);
    if (end == std::string::npos) end = env.size();
    if (env.compare(start, end - start, entry) == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::vector<pid_t> RunProcesses(pid_t leader, const std::string& tag) {
  std::map<pid_t, ProcInfo> procs;
  if (DIR* d = ::opendir("/proc")) {
    while (const dirent* e = ::readdir(d)) {
      char* end = nullptr;
      const long pid = std::strtol(e->d_name, &end, 10);
      if (pid <= 0 || *end != '\0') continue;
      ProcInfo info;
      if (ParseStat(ReadProc(std::string("/proc/") + e->d_name + "/stat", 4096), &info)) {
        procs[static_cast<pid_t>(pid)] = info;
      }
    }
    ::closedir(d);
  }
  const pid_t self = ::getpid();
  const std::string entry = std::string(kRunTagVariable) + "=" + tag;
  std::vector<pid_t> out;
  for (const auto& [pid, info] : procs) {
    if (pid == leader || pid == self || info.state == 'Z' || info.state == 'X') continue;
    bool mine = false;
    std::set<pid_t> seen;  // a cycle cannot happen, but a racing walk must still end
    for (pid_t p = info.ppid; p > 1 && !mine && seen.insert(p).second;) {
      mine = p == leader;
      auto it = procs.find(p);
      if (it == procs.end()) break;
      p = it->second.ppid;
    }
    if (mine || (!tag.empty() && EnvironHolds(pid, entry))) out.push_back(pid);
  }
  return out;
}

int SignalRun(pid_t leader, const std::string& tag, int sig, int rounds) {
  ::kill(-leader, sig);
  int signalled = 0;
  for (int r = 0; r < rounds; ++r) {
    const std::vector<pid_t> found = RunProcesses(leader, tag);
    for (pid_t p : found) ::kill(p, sig);
    signalled += static_cast<int>(found.size());
    if (sig != SIGKILL || found.empty()) break;
    ::usleep(2000);  // let the killed ones die before looking again
  }
  return signalled;
}

bool BecomeSubreaper() { return ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0; }

}  // namespace tradelet::schedule
