namespace Bolt.Security.Tamper;

/// <summary>Puts back an older, once-valid version of a page (a rollback the tag alone cannot catch).</summary>
public sealed class PageReplayAttack : IHostMemoryAttack
{
    /// <inheritdoc/>
    public string Name => "page replay";

    /// <inheritdoc/>
    public IReadOnlyList<int> Apply(TamperTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        int start = random.Next(target.Pages);
        for (int i = 0; i < target.Pages; i++)
        {
            int page = (start + i) % target.Pages;
            if (target.StaleVersion(page, random) is { } stale)
            {
                stale.CopyTo(target.Page(page));
                return [page];
            }
        }

        return [];
    }
}
