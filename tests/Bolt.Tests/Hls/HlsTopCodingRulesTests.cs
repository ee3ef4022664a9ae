using Bolt.OpenCl.Cosim;
using Xunit;

namespace Bolt.Tests.Hls;

/// <summary>
/// The UG1399 coding rules a compiler can check without Vitis, over the HLS top's whole translation unit as Vitis HLS
/// reads it (the shared kernel source included): no struct with a pointer member, no pointer to a pointer, no function
/// pointer, no pointer chosen or moved at run time, no recursion, no dynamic memory, and top arguments that are
/// scalars or pointers to scalars or beats. The positive control appends one violation of each rule to the same
/// translation unit and must see every one reported.
/// </summary>
public sealed class HlsTopCodingRulesTests
{
    [Fact]
    public void The_HLS_top_breaks_none_of_the_checkable_UG1399_rules()
    {
        var findings = HlsCodingRules.Check(CsimRunner.FindRepositoryRoot());

        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void One_violation_of_each_rule_is_reported()
    {
        const string Violations = """
            struct bolt_fault_ports { bu8* host; };
            static bu8 bolt_fault_pick(int s, bu8* a, bu8* b) { return (s ? a : b)[0]; }
            static bu8 bolt_fault_walk(const bu8* a) { a += 1; return a[0]; }
            static bu8 bolt_fault_deref(bu8** a) { return a[0][0]; }
            static bu8 bolt_fault_call(bu8 (*f)(bu8)) { return f(0); }
            static bu64 bolt_fault_recurse(bu64 n) { return n ? bolt_fault_recurse(n - 1) : 0; }
            static bu8* bolt_fault_alloc() { return new bu8[4]; }
            """;

        var findings = HlsCodingRules.Check(CsimRunner.FindRepositoryRoot(), Violations);

        foreach (var (rule, where) in new[]
        {
            (HlsCodingRules.StructOfPointers, "bolt_fault_ports"),
            (HlsCodingRules.PointerChosenAtRunTime, "bolt_fault_pick"),
            (HlsCodingRules.PointerChosenAtRunTime, "bolt_fault_walk"),
            (HlsCodingRules.PointerToPointer, "bolt_fault_deref"),
            (HlsCodingRules.FunctionPointer, "bolt_fault_call"),
            (HlsCodingRules.Recursion, "bolt_fault_recurse"),
            (HlsCodingRules.DynamicMemory, "bolt_fault_alloc"),
        })
        {
            Assert.True(findings.Any(f => f.Rule == rule && f.Where == where), $"not reported: {rule} in {where}\n{string.Join('\n', findings)}");
        }

        Assert.Equal(7, findings.Count);
    }
}
