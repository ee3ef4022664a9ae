namespace Bolt.Security.Tamper;

/// <summary>
/// One kind of attack on host memory. The campaign applies it, and expects the device to report
/// <c>IntegrityViolation</c> (inside a correctly sealed response) on the next access that reads any page it returns.
/// </summary>
public interface IHostMemoryAttack : ITamperAttack
{
    /// <summary>Tampers with host memory; returns the pages changed (empty if the attack found nothing to do).</summary>
    IReadOnlyList<int> Apply(TamperTarget target, Random random);
}
