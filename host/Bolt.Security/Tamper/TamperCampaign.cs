namespace Bolt.Security.Tamper;

/// <summary>
/// Random attacks on host memory and on the sealed command channel, interleaved with normal ops checked against
/// a reference dictionary. Every op travels in a sealed frame (SPEC §10), loaded through a sealed load frame.
/// One attack is outstanding at a time, so each detection is attributed to exactly one attack:
/// <list type="bullet">
/// <item><b>Host memory</b> (<see cref="IHostMemoryAttack"/>): ops run one per frame until one reads a tampered
/// page; it must answer <c>IntegrityViolation</c> inside a correctly sealed response (SPEC §6.5: aborted before any
/// state change). The host puts the page's last good bytes back and retries the op, which must succeed.</item>
/// <item><b>Command frames</b> (<see cref="IChannelAttack"/>, <see cref="ChannelDirection.Command"/>): two honest
/// frames of 2 to <see cref="TamperCampaignOptions.FrameRecords"/> ops are sealed and the forgery is delivered in
/// place of the first. The device must reject it with a <c>ChannelViolationException</c> having run nothing (host
/// memory byte for byte and its access counter unchanged); both honest frames must then go through on the same
/// session and check against the dictionary (SPEC §10.4).</item>
/// <item><b>Response frames</b> (<see cref="ChannelDirection.Response"/>): the device serves an honest frame, the
/// forgery replaces its answer, and the client must reject it. It retransmits the same frame on the same session
/// (SPEC §10.5): the device must send the same response frame again, byte for byte, having run nothing, and that
/// answer must open and match the dictionary.</item>
/// <item><b>Withheld frames</b> (<see cref="ChannelDirection.Withheld"/>): the host holds an honest frame back and
/// hands the client the forgery as its answer, which the client must reject; the client's retransmission and the
/// next frame go through, and the host's late copy must then be rejected by the device having run nothing.</item>
/// </list>
/// Every other response must match the dictionary, and at the end every key is read back.
/// </summary>
public sealed class TamperCampaign(TamperCampaignOptions options)
{
    /// <summary>Runs the campaign; <paramref name="progress"/> hears of attacks done.</summary>
    public TamperOutcome Run(IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kinds.Count == 0 || options.FrameRecords < 2)
        {
            throw new Core.BoltConfigurationException(options.Kinds.Count == 0 ? "Kinds" : "FrameRecords",
                "A campaign needs at least one attack kind and frames of at least two records.");
        }

        using var run = new TamperRun(options);
        for (int attack = 0; attack < options.Attacks; attack++)
        {
            run.Attack();
            if ((attack & 0xFF) == 0 || attack == options.Attacks - 1)
            {
                progress?.Report(attack + 1);
            }
        }

        return run.Outcome(run.FinalReadBack());
    }
}
