using BenchmarkDotNet.Running;

namespace Bolt.Benchmarks;

/// <summary>
/// Runs any benchmark class in this assembly: dotnet run -c Release -- --filter '*Crypto*'; or, with "cpu" first,
/// the CPU-per-op comparison of <see cref="CpuPerOp"/>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "cpu")
        {
            CpuPerOp.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
