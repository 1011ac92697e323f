// Sharded sweeps: one grid split over N machines (AWS Batch array jobs, Kubernetes indexed
// jobs, Dask tasks), each running `tradelet sweep --shard K/N`, then merged into the table
// one machine would have written.
//
// Shard K of N runs the combinations whose grid index i has i % N == K (round robin, so a
// slow region of the grid is spread over every shard). It writes DIR/shard.json: the grid's
// axes, rank_by, K, N and one entry per combination with every metric at full precision.
// MergeSweepShards reads N such files, checks they describe the same grid and that every
// shard 0..N-1 is there exactly once, and ranks all rows as RunSweep does, so the merged
// sweep.csv is byte-identical to the one-machine sweep's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tradelet/backtest/sweep.h"

namespace tradelet {

// "K/N" (0 <= K < N, N <= 100000) or "auto/N": K from AWS_BATCH_JOB_ARRAY_INDEX, else
// JOB_COMPLETION_INDEX (both 0-based), read through `getenv` (tests pass their own).
Result<std::pair<int, int>> ParseShardSpec(
    std::string_view spec, const std::function<std::optional<std::string>(const char*)>& getenv);

// DIR/shard.json for a sharded result (r.shard_count >= 1).
Status WriteSweepShard(const SweepResult& r, const SweepOptions& options, const std::string& dir);

// Reads DIR/shard.json of every dir; `options->rank_by` is set from the shards.
Result<SweepResult> MergeSweepShards(const std::vector<std::string>& dirs, SweepOptions* options);

}  // namespace tradelet
