namespace Bolt.Cli.Commands;

/// <summary>
/// Output paths are checked and opened before a command does any work, so a typo costs nothing and never a stack
/// trace. "-" means stdout.
/// </summary>
internal static class OutputPaths
{
    /// <summary>The path that means stdout.</summary>
    public const string StandardOutput = "-";

    /// <summary>Opens <paramref name="path"/> for writing (truncating it), or stdout for "-".</summary>
    /// <exception cref="OutputPathException">The path is a directory, its directory does not exist, or it cannot be written.</exception>
    public static Stream OpenFile(string path, string option)
    {
        if (path == StandardOutput)
        {
            return Console.OpenStandardOutput();
        }

        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new OutputPathException($"{option} {path} is a directory; give a file name (or - for stdout).");
        }

        string? directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new OutputPathException($"{option} {path}: the directory {directory} does not exist.");
        }

        try
        {
            return new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException($"{option} {path} cannot be written: {e.Message}");
        }
    }

    /// <summary>Creates <paramref name="path"/> if needed and proves a file can be written in it; returns its full path.</summary>
    /// <exception cref="OutputPathException">The directory cannot be created or written.</exception>
    public static string PrepareDirectory(string path, string option)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (File.Exists(full))
            {
                throw new OutputPathException($"{option} {path} is a file; give a directory.");
            }

            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".bolt-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException($"{option} {path} cannot be written: {e.Message}");
        }
    }
}
