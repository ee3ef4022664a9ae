using System.Text.RegularExpressions;
using Bolt.Tests.Client;
using Xunit;

namespace Bolt.Tests.Core;

/// <summary>The project stands on its own documents: every design reference points into docs/design.md, at a section that exists.</summary>
public sealed partial class ProjectDocumentTests
{
    private static readonly string[] Roots = ["host", "sim", "hardware", "tests", "scripts", "samples", "docs", ".ci"];
    private static readonly string[] TextExtensions = [".cs", ".md", ".h", ".c", ".cpp", ".sh", ".cfg", ".csproj", ".props", ".txt", ".gp", ""];

    [Fact]
    public void No_file_cites_a_design_document_the_project_does_not_contain()
    {
        string outside = "DESIGN" + " §"; // spelled apart so this file does not match itself
        var offenders = ProjectFiles().Where(f => File.ReadAllText(f).Contains(outside, StringComparison.Ordinal)
            || File.ReadAllText(f).Contains("DESIGN" + ".md", StringComparison.Ordinal)).ToList();
        Assert.True(offenders.Count == 0, "cites the outside brief: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Every_reference_to_docs_design_names_a_section_that_exists()
    {
        string root = EntryPointTests.RepositoryRoot();
        var sections = SectionHeading().Matches(File.ReadAllText(Path.Combine(root, "docs", "design.md")))
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        int references = 0;
        foreach (var file in ProjectFiles())
        {
            foreach (Match m in DesignReference().Matches(File.ReadAllText(file)))
            {
                references++;
                Assert.True(sections.Contains(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), $"{file}: {m.Value} has no section");
            }
        }

        Assert.True(references >= 10, $"only {references} references to docs/design.md");
    }

    [Fact]
    public void The_design_document_covers_threat_model_algorithm_architecture_trace_and_sourced_platform_facts()
    {
        string design = File.ReadAllText(Path.Combine(EntryPointTests.RepositoryRoot(), "docs", "design.md"));
        foreach (var heading in new[] { "## 2. Threat model", "## 3. The algorithm", "## 4. Architecture", "## 5. The host-visible trace", "## 6. Platform facts" })
        {
            Assert.Contains(heading, design, StringComparison.Ordinal);
        }

        foreach (var source in new[] { "UG1393", "PG276", "Shuhai", "hm.rst", "hostmemory_test", "pcie-bench", "Security Library", "UG1399" })
        {
            Assert.Contains(source, design, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> ProjectFiles()
    {
        string root = EntryPointTests.RepositoryRoot();
        var files = Roots.Select(r => Path.Combine(root, r)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && TextExtensions.Contains(Path.GetExtension(f)));
        return files.Append(Path.Combine(root, "README.md"));
    }

    [GeneratedRegex(@"^## (\d+)\.", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"docs/design\.md §(\d+)")]
    private static partial Regex DesignReference();
}
