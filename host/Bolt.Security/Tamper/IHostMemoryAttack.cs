namespace Bolt.Security.Tamper;

/// <summary>
/// One kind of attack on host memory. The campaign draws a kind, applies it, and expects the device to
/// report <c>IntegrityViolation</c> on the next access that reads any page it returns. Attacks on the command
/// channel (issue #3, the sealed channel) join the campaign as another kind with their own target.
/// </summary>
public interface IHostMemoryAttack
{
    /// <summary>The attack's name in reports.</summary>
    string Name { get; }

    /// <summary>Tampers with host memory; returns the pages changed (empty if the attack found nothing to do).</summary>
    IReadOnlyList<int> Apply(TamperTarget target, Random random);
}
