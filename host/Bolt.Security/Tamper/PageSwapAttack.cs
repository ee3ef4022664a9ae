namespace Bolt.Security.Tamper;

/// <summary>Exchanges the bytes of two distinct pages (each is a valid sealed page, at the wrong address).</summary>
public sealed class PageSwapAttack : IHostMemoryAttack
{
    /// <inheritdoc/>
    public string Name => "page swap";

    /// <inheritdoc/>
    public IReadOnlyList<int> Apply(TamperTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        int p = random.Next(target.Pages);
        int q = (p + 1 + random.Next(target.Pages - 1)) % target.Pages;
        var copy = target.Page(p).ToArray();
        target.Page(q).CopyTo(target.Page(p));
        copy.CopyTo(target.Page(q));
        return [p, q];
    }
}
