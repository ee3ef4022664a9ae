using System.Diagnostics;
using System.Text.Json;

namespace Bolt.Tests.Hls;

/// <summary>
/// Checks the HLS top's translation unit, as Vitis HLS would read it (C++17, __SYNTHESIS__ defined, the ap_uint /
/// hls::stream stand-ins), against the UG1399 coding rules a compiler can see, on clang's syntax tree (clang-15,
/// which PoCL's libpocl2 installs): every struct and function of the kernel (named bolt_*) is examined, the shared
/// kernel source included. Vitis itself is not run here; this is what can be checked without it.
/// </summary>
internal static class HlsCodingRules
{
    /// <summary>A finding: the rule (with its UG1399 section), where, and what.</summary>
    public sealed record Finding(string Rule, string Where, string What)
    {
        public override string ToString() => $"{Rule}: {Where}: {What}";
    }

    public const string StructOfPointers = "struct with a pointer member (UG1399 \"Pointer Limitations\": a struct of pointers passed by pointer is a pointer to a pointer)";
    public const string PointerToPointer = "pointer to a pointer (UG1399 \"Pointer Limitations\")";
    public const string FunctionPointer = "function pointer (UG1399 \"Pointer Limitations\": not supported)";
    public const string PointerChosenAtRunTime = "pointer chosen or moved at run time (UG1399 \"Pointers on the Interface\": each access must resolve to one port at compile time)";
    public const string Recursion = "recursion (UG1399 \"Recursive Functions\": not synthesisable)";
    public const string DynamicMemory = "dynamic memory (UG1399 \"Dynamic Memory Usage\": not synthesisable)";
    public const string TopStructArgument = "top argument that is not a scalar or a pointer to scalars or beats (UG1399 \"Pointers on the Interface\", \"Structs\")";

    private static readonly string[] TopPointees = ["bu8", "bu16", "bu32", "bu64", "bolt_beat"];

    /// <summary>Every finding in hardware/hls/bolt_hls_top.cpp, followed by <paramref name="appended"/> (test-only code).</summary>
    public static IReadOnlyList<Finding> Check(string repositoryRoot, string appended = "")
    {
        string top = Path.Combine(repositoryRoot, "hardware", "hls", "bolt_hls_top.cpp");
        string source = Path.Combine(Path.GetTempPath(), $"bolt-hls-rules-{Guid.NewGuid():N}.cpp");
        File.WriteAllText(source, $"#include \"{top}\"\n{appended}\n");
        try
        {
            using var tree = JsonDocument.Parse(Dump(repositoryRoot, source), new JsonDocumentOptions { MaxDepth = 4096 });
            var findings = new List<Finding>();
            foreach (var node in Inner(tree.RootElement))
            {
                string kind = Kind(node), name = Name(node);
                if (kind is "RecordDecl" or "CXXRecordDecl" && (name.Length == 0 || name.StartsWith("bolt", StringComparison.Ordinal)) && !Implicit(node))
                {
                    CheckRecord(node, name.Length == 0 ? "(unnamed struct)" : name, findings);
                }
                else if (kind == "FunctionDecl" && name.StartsWith("bolt", StringComparison.Ordinal))
                {
                    CheckFunction(node, name, findings);
                }
            }

            return findings;
        }
        finally
        {
            File.Delete(source);
        }
    }

    private static void CheckRecord(JsonElement record, string name, List<Finding> findings)
    {
        foreach (var field in Inner(record).Where(f => Kind(f) == "FieldDecl"))
        {
            if (Type(field).Contains('*', StringComparison.Ordinal))
            {
                findings.Add(new(StructOfPointers, name, $"{Name(field)}: {Type(field)}"));
            }
        }
    }

    private static void CheckFunction(JsonElement function, string name, List<Finding> findings)
    {
        if (name == "bolt_hls_top")
        {
            foreach (var parameter in Inner(function).Where(p => Kind(p) == "ParmVarDecl"))
            {
                string type = Type(parameter);
                string pointee = type.Replace("const ", string.Empty, StringComparison.Ordinal).TrimEnd('*', ' '); // a scalar is its own "pointee"
                if (!TopPointees.Contains(pointee))
                {
                    findings.Add(new(TopStructArgument, name, $"{Name(parameter)}: {type}"));
                }
            }
        }

        Walk(function, name, findings);
    }

    private static void Walk(JsonElement node, string function, List<Finding> findings)
    {
        string kind = Kind(node), type = Type(node);
        if (kind is "VarDecl" or "ParmVarDecl" or "FieldDecl")
        {
            string compact = type.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("const", string.Empty, StringComparison.Ordinal);
            if (compact.Contains("**", StringComparison.Ordinal))
            {
                findings.Add(new(PointerToPointer, function, $"{Name(node)}: {type}"));
            }

            if (type.Contains("(*)", StringComparison.Ordinal))
            {
                findings.Add(new(FunctionPointer, function, $"{Name(node)}: {type}"));
            }
        }
        else if (kind == "ConditionalOperator" && IsPointer(type))
        {
            findings.Add(new(PointerChosenAtRunTime, function, $"?: of type {type}"));
        }
        else if (kind is "BinaryOperator" or "CompoundAssignOperator" && Opcode(node) is "=" or "+=" or "-=" && IsPointer(Type(Inner(node).First())))
        {
            findings.Add(new(PointerChosenAtRunTime, function, $"{Opcode(node)} to a {Type(Inner(node).First())}"));
        }
        else if (kind == "UnaryOperator" && Opcode(node) is "++" or "--" && IsPointer(type))
        {
            findings.Add(new(PointerChosenAtRunTime, function, $"{Opcode(node)} on a {type}"));
        }
        else if (kind is "CXXNewExpr" or "CXXDeleteExpr")
        {
            findings.Add(new(DynamicMemory, function, kind));
        }
        else if (kind == "DeclRefExpr" && node.TryGetProperty("referencedDecl", out var referenced))
        {
            string target = Name(referenced);
            if (target == function && Kind(referenced) == "FunctionDecl")
            {
                findings.Add(new(Recursion, function, "calls itself"));
            }
            else if (target is "malloc" or "calloc" or "realloc" or "free")
            {
                findings.Add(new(DynamicMemory, function, target));
            }
        }

        foreach (var child in Inner(node))
        {
            Walk(child, function, findings);
        }
    }

    /// <summary>A pointer, not an array (an array lvalue's type ends in ']').</summary>
    private static bool IsPointer(string type) => type.TrimEnd().EndsWith('*') || type.Contains("*const", StringComparison.Ordinal);

    private static string Dump(string repositoryRoot, string source)
    {
        string clang = FindClang();
        var info = new ProcessStartInfo(clang, ["-x", "c++", "-std=c++17", "-fsyntax-only", "-D__SYNTHESIS__", "-I" + Path.Combine(repositoryRoot, "hardware", "hls", "stand-in"), "-Xclang", "-ast-dump=json", source])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{clang} could not parse the HLS top:\n{stderr.Result}");
        }

        return json;
    }

    private static string FindClang()
    {
        foreach (string name in new[] { "clang-15", "clang" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, name)))
                {
                    return Path.Combine(dir, name);
                }
            }
        }

        throw new InvalidOperationException("No clang-15 (or clang) on PATH: it comes with PoCL (Debian's libpocl2 depends on clang-15), which the OpenCL tests need too.");
    }

    private static IEnumerable<JsonElement> Inner(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("inner", out var inner) ? inner.EnumerateArray() : [];

    private static string Kind(JsonElement node) => node.TryGetProperty("kind", out var k) ? k.GetString() ?? string.Empty : string.Empty;

    private static string Name(JsonElement node) => node.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;

    private static string Opcode(JsonElement node) => node.TryGetProperty("opcode", out var o) ? o.GetString() ?? string.Empty : string.Empty;

    private static bool Implicit(JsonElement node) => node.TryGetProperty("isImplicit", out var i) && i.GetBoolean();

    private static string Type(JsonElement node) =>
        node.TryGetProperty("type", out var t) && t.TryGetProperty("qualType", out var q) ? q.GetString() ?? string.Empty : string.Empty;
}
