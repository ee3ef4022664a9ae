using Bolt.Core;

namespace Bolt.OpenCl.ConstantTime;

/// <summary>
/// hardware/ct/known-leaks.txt: the kernel functions that today's (v1, functional-port) kernel is known to branch or
/// do varying work in on secrets, one per line with the reason after '#'. The constant-time checks fail on any
/// finding outside this list, and on any listed function that no longer shows a finding (so the list only
/// shrinks). The kernel v2 restructure (SPEC §9) is done when the list is empty.
/// </summary>
public static class KnownLeaks
{
    /// <summary>The listed function names.</summary>
    /// <exception cref="BoltException">The file is missing.</exception>
    public static IReadOnlySet<string> Load(string repositoryRoot)
    {
        string path = Path.Combine(repositoryRoot, "hardware", "ct", "known-leaks.txt");
        if (!File.Exists(path))
        {
            throw new BoltException($"The known-leaks list {path} is missing.");
        }

        return File.ReadLines(path)
            .Select(line => (line.Contains('#', StringComparison.Ordinal) ? line[..line.IndexOf('#', StringComparison.Ordinal)] : line).Replace("[work]", string.Empty, StringComparison.Ordinal).Trim())
            .Where(name => name.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
    }
}
