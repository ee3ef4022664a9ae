namespace Bolt.Security.Exposure;

/// <summary>
/// What <see cref="BufferExposureCheck"/> found: the host-visible buffers scanned, the secrets found in them after the
/// sealed workload (must be none), and those found by the plaintext-port control (must include a digest and a value).
/// </summary>
public sealed record BufferExposureOutcome(int Buffers, IReadOnlyList<string> SealedFindings, IReadOnlyList<string> ControlFindings)
{
    /// <summary>The control exposed a digest and a value, so the scan can see them.</summary>
    public bool ControlDetected => ControlFindings.Any(f => f.StartsWith("digest", StringComparison.Ordinal)) && ControlFindings.Any(f => f.StartsWith("value", StringComparison.Ordinal));

    /// <summary>Nothing secret in the sealed run's host-visible buffers, and the control caught.</summary>
    public bool Passed => SealedFindings.Count == 0 && ControlDetected;
}
