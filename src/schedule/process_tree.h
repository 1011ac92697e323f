// Finding every process of one fleet run, however it detached (docs/fleet.md, containment):
// a child may leave its process group (setpgid), start its own session (setsid) or be
// orphaned by a parent that exited. Each run's child is started with a tag in its environment
// (kRunTagVariable=<tag>), which its descendants inherit; a process is the run's when its
// parent chain reaches the run's leader or its environment holds the tag. The launcher also
// makes itself a child subreaper, so orphans are re-parented to it instead of to init.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace tradelet::schedule {

inline constexpr char kRunTagVariable[] = "TRADELET_FLEET_RUN";

// Every living process (not a zombie) descending from `leader` (excluded) or whose
// environment holds "<kRunTagVariable>=<tag>". Walks /proc; processes of other users whose
// environment cannot be read count only through their ancestry.
std::vector<pid_t> RunProcesses(pid_t leader, const std::string& tag);

// Signals the run's process group and every process of RunProcesses(). With SIGKILL it repeats
// until none is left (a process may fork between the walk and the kill; a SIGKILLed one cannot),
// at most `rounds` times. Returns how many processes outside the group it signalled.
int SignalRun(pid_t leader, const std::string& tag, int sig, int rounds = 20);

// Makes this process a child subreaper (prctl PR_SET_CHILD_SUBREAPER); false when refused.
bool BecomeSubreaper();

}  // namespace tradelet::schedule
