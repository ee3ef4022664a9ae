using BenchmarkDotNet.Running;

namespace Bolt.Benchmarks;

/// <summary>Runs any benchmark class in this assembly: dotnet run -c Release -- --filter '*Crypto*'.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
