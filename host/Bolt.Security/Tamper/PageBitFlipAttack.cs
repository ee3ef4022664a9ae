namespace Bolt.Security.Tamper;

/// <summary>Flips one random bit anywhere in a random page: header, ciphertext or tag.</summary>
public sealed class PageBitFlipAttack : IHostMemoryAttack
{
    /// <inheritdoc/>
    public string Name => "page bit flip";

    /// <inheritdoc/>
    public IReadOnlyList<int> Apply(TamperTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        int page = random.Next(target.Pages);
        target.Page(page)[random.Next(target.PageBytes)] ^= (byte)(1 << random.Next(8));
        return [page];
    }
}
