using Bolt.Core;

namespace Bolt.Cli.Commands;

/// <summary>An output path given on the command line cannot be written; found before any work starts.</summary>
internal sealed class OutputPathException(string message) : BoltException(message);
