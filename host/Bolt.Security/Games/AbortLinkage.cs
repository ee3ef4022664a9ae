namespace Bolt.Security.Games;

/// <summary>
/// The selective-failure adversary's feature: after an access aborts on a page it corrupted, does the same
/// ordered page pair show up again among the next <c>window</c> accesses? Independent uniform pairs repeat
/// with chance about window/H²; a device that froze the aborted item's candidates repeats them whenever the
/// item is accessed again (a hot key, a retry), and a miss's fresh dummies never do — so the share differs
/// between hot and cold keys, present and absent keys, updates and inserts.
/// </summary>
internal static class AbortLinkage
{
    /// <summary>For each aborted access that <paramref name="select"/> keeps, whether its pair reappears within <paramref name="window"/> later accesses.</summary>
    public static List<bool> Reappearances(IReadOnlyList<ServedOp> served, int window, Func<ServedOp, bool> select)
    {
        var result = new List<bool>();
        for (int i = 0; i < served.Count; i++)
        {
            var op = served[i];
            if (!op.Aborted || !select(op))
            {
                continue;
            }

            bool again = false;
            for (int j = i + 1; j < Math.Min(served.Count, i + 1 + window) && !again; j++)
            {
                again = served[j].First == op.First && served[j].Second == op.Second;
            }

            result.Add(again);
        }

        return result;
    }
}
