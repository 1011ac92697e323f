// The Lambda function's `sweep` mode: one invocation runs one shard of a parameter sweep and
// returns the shard's result rows, the same shard.json that `tradelet sweep --shard K/N`
// writes, so N responses saved as DIR_K/shard.json merge with `tradelet sweep merge` into the
// one-machine sweep.csv byte for byte (docs/scale.md).
//
// Event (JSON):
//   {"mode": "sweep",
//    "config": "config/sma.toml",        // strategy TOML: a path (relative = under the task
//    "grid": "config/grid.toml",         //   root, or absolute, e.g. on EFS under /mnt/...),
//    "config_toml": "...", "grid_toml": "...",  // or the TOML text itself (instead of a path)
//    "shard": "K/N",                     // which shard (0 <= K < N); "0/1" = the whole grid
//    "data": "/mnt/tradelet/daily",      // optional: the bars folder (overrides [data] dir);
//                                        //   relative = under the task root
//    "threads": 1}                       // optional: worker threads (default [sweep] threads)
// Any other event goes to the fallback handler (the scheduled live job).
#pragma once

#include <string>

#include "tradelet/lambda/invocation.h"

namespace tradelet::lambda {

// True when the payload is a JSON object whose "mode" is "sweep".
bool IsSweepEvent(const std::string& payload);

// Runs the sweep shard an event describes; `task_root` resolves relative paths and is the base
// directory of an inline config; `scratch_dir` is writable (Lambda: /tmp).
class SweepHandler : public Handler {
 public:
  SweepHandler(std::string task_root, std::string scratch_dir);
  Result<std::string> Handle(const Invocation& invocation) override;

 private:
  std::string task_root_;
  std::string scratch_dir_;
};

// Routes sweep events to a SweepHandler and everything else to `fallback` (not owned).
class SweepModeRouter : public Handler {
 public:
  SweepModeRouter(Handler* fallback, std::string task_root, std::string scratch_dir);
  Result<std::string> Handle(const Invocation& invocation) override;

 private:
  Handler* fallback_;
  SweepHandler sweep_;
};

}  // namespace tradelet::lambda
