using Bolt.Security.Workloads;

namespace Bolt.Security.Games;

/// <summary>
/// One access the host saw: its ordered page pair and whether it aborted (the host knows: it caused the
/// abort, and the response's size and timing are the same either way, but the status reaches the client),
/// with the ground truth behind it for labelling.
/// </summary>
/// <param name="Op">The op the client asked (ground truth).</param>
/// <param name="Present">The key was stored before the access (ground truth).</param>
/// <param name="Lifetime">The device lifetime (0, 1, …) that served it.</param>
/// <param name="First">The first page read.</param>
/// <param name="Second">The second page read.</param>
/// <param name="Aborted">The access read a page that failed authentication.</param>
internal readonly record struct ServedOp(WorkloadOp Op, bool Present, int Lifetime, int First, int Second, bool Aborted);
