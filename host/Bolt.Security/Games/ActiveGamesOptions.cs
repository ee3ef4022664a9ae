using Bolt.Core;

namespace Bolt.Security.Games;

/// <summary>The size and significance of the active games (selective failure, restart, dummy-page bias).</summary>
public sealed record ActiveGamesOptions
{
    /// <summary>Capacity N of the maps the selective-failure and restart games run (default 4096: the review's size, where one corrupted page is read often).</summary>
    public int Capacity { get; init; } = 4096;

    /// <summary>Ops per side of each selective-failure comparison (default 2·10^5: the review's 10 × 2·10^4).</summary>
    public long Ops { get; init; } = 200_000;

    /// <summary>The host corrupts one random page before every this-many-th batch and restores it after (default 4).</summary>
    public int CorruptEvery { get; init; } = 4;

    /// <summary>Later accesses searched for an aborted access's page pair (default 1024).</summary>
    public int Window { get; init; } = 1024;

    /// <summary>Ops per lifetime in the restart game (default 5000, the review's figure).</summary>
    public long RestartOps { get; init; } = 5000;

    /// <summary>Capacities of the dummy-page bias computation (default 2^20, 10^8 and 2^28, the largest N the spec allows).</summary>
    public IReadOnlyList<int> BiasCapacities { get; init; } = [1 << 20, 100_000_000, 1 << 28];

    /// <summary>Bin factors of the dummy-page bias computation (default every power of two from 2 to 64).</summary>
    public IReadOnlyList<int> BiasBinFactors { get; init; } = [2, 4, 8, 16, 32, 64];

    /// <summary>Family-wise significance level α, Holm-corrected over every real test of the active games.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>The games' seed: every device, workload and host seed derives from it.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The map's parameters at <see cref="Capacity"/>.</summary>
    public BoltParameters Parameters => new(capacity: Capacity);

    /// <summary>Keys stored before each run: half the capacity, room for inserts and deletes.</summary>
    public long Loaded => Capacity / 2;
}
