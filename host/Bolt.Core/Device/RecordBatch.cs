namespace Bolt.Core.Device;

/// <summary>Checks the shape of a plaintext batch handed to a device (SPEC §8), the same way for every device.</summary>
public static class RecordBatch
{
    /// <summary>
    /// The number of command records in <paramref name="commandLength"/> bytes, after checking that it is a
    /// whole, non-zero number of records and that the response buffer can take one response per command.
    /// </summary>
    /// <exception cref="ArgumentException">The buffers do not fit the map's record sizes.</exception>
    public static int Count(BoltParameters parameters, int commandLength, int responseLength)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        int commandBytes = parameters.CommandBytes;
        if (commandLength == 0 || commandLength % commandBytes != 0)
        {
            throw new ArgumentException($"A command batch is one or more {commandBytes}-byte records; got {commandLength} bytes.");
        }

        int count = commandLength / commandBytes;
        if (responseLength < count * parameters.ResponseBytes)
        {
            throw new ArgumentException($"The response buffer needs {count * parameters.ResponseBytes} bytes for {count} records; got {responseLength}.");
        }

        return count;
    }
}
