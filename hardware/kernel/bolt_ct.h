/* Constant-time building blocks (hardware/SPEC.md §9): 0/1 flags and masks that select without branching, the
 * named declassifications (the only places a value derived from a secret may steer an address or a branch), and the
 * work counters of the C-simulation's work-count build. Target-neutral: C99, C++ and OpenCL C. */
#ifndef BOLT_CT_H
#define BOLT_CT_H

/* ---- flags (0 or 1) and selection; every operand is below 2^63 ----
 * A value barrier makes the compiler forget what it knows about a value. Without it gcc recognises a mask made from
 * a 0/1 flag and turns the selection back into a branch, or rewrites a loop index compared with a secret into an
 * address that depends on the secret (the ctgrind check caught both). OpenCL C and HLS have no inline assembly, so
 * there the barrier is empty and their compilers are not checked here (SPEC §9.5). */
#if defined(__GNUC__) && !defined(__OPENCL_C_VERSION__) && !defined(__SYNTHESIS__)
#define BOLT_BARRIER(x) __asm__("" : "+r"(x))
#else
#define BOLT_BARRIER(x) ((void)0)
#endif

/* 1 when x != 0. */
BOLT_FN bu64 bolt_nz(bu64 x)
{
    BOLT_BARRIER(x);
    return (x | ((bu64)0 - x)) >> 63;
}

BOLT_FN bu64 bolt_eq(bu64 a, bu64 b) { return 1 ^ bolt_nz(a ^ b); }

/* 1 when a < b (both below 2^63). */
BOLT_FN bu64 bolt_lt(bu64 a, bu64 b)
{
    BOLT_BARRIER(a);
    BOLT_BARRIER(b);
    return (a - b) >> 63;
}

/* All ones when flag is 1, zero when 0. */
BOLT_FN bu64 bolt_mask(bu64 flag)
{
    bu64 m = (bu64)0 - flag;
    BOLT_BARRIER(m);
    return m;
}

/* a when flag is 1, else b. */
BOLT_FN bu64 bolt_sel(bu64 flag, bu64 a, bu64 b) { return b ^ ((a ^ b) & bolt_mask(flag)); }

BOLT_FN bu8 bolt_sel8(bu64 flag, bu8 a, bu8 b) { return (bu8)(b ^ ((a ^ b) & (bu8)bolt_mask(flag))); }

/* ---- declassification (SPEC §9.5 lists each use and why it is allowed) ----
 * In the ctgrind build (-DBOLT_CT_CHECK, hardware/ct) a declassified value is marked defined for valgrind memcheck,
 * which otherwise reports every branch and every memory address that depends on a secret; everywhere else the macros
 * are the identity. Nothing else in the kernel may turn a secret into an address or a branch. */
#ifdef BOLT_CT_CHECK
#include <valgrind/memcheck.h>
BOLT_FN bu64 bolt_declassify(bu64 v)
{
    VALGRIND_MAKE_MEM_DEFINED(&v, sizeof v);
    return v;
}
#else
#define bolt_declassify(v) (v)
#endif

/* An index into an HBM structure (position map, records, free list, bin loads, pending lists): HBM is device-private
 * and its addresses are not observable by the host, so which entry is touched may depend on secrets. The number and
 * the order of the transactions may not. */
#define BOLT_HBM_INDEX(v) bolt_declassify(v)
/* The two host pages an access reads and writes: public by design (the host serves them; SPEC §6). */
#define BOLT_PUBLIC_PAGE(v) bolt_declassify(v)
/* A page's integrity verdict, or a frame's tag verdict: public by design, a failed page halts the device (fail-stop,
 * SPEC §6), a failed frame is refused with its fault (SPEC §10.4). */
#define BOLT_PUBLIC_VERDICT(v) bolt_declassify(v)
/* A session's id, next sequence number, cached response size and last executed tag (SPEC §10.4): copies of what the
 * host relayed or was sent (hellos, frame headers and tags), kept in the device-private session table. */
#define BOLT_PUBLIC_SESSION(v) bolt_declassify(v)
/* A bulk-load item's status: the load's outcome and the index of its first refused item are returned (SPEC §7). */
#define BOLT_PUBLIC_LOAD_STATUS(v) bolt_declassify(v)

/* ---- work counters (SPEC §9.6) ----
 * The C-simulation's work-count build (-DBOLT_WORK_COUNT, C++) counts every iteration of every engine loop
 * (BOLT_LOOP, named by function and line) and every transaction on every port (BOLT_PORT, named by the port); the
 * testbench writes the counts after each kernel call. Elsewhere both compile to nothing. */
#if defined(BOLT_WORK_COUNT) && defined(__cplusplus)
/* Counter site __COUNTER__ (unique in the one translation unit of the testbench): every tick stores the same words,
 * so the counting itself costs the same instructions on every access (the callgrind half of the check sees it). */
#define BOLT_WORK_SITES 1024
struct bolt_work_site {
    const char* name;
    int line;
    unsigned long long count;
};
static bolt_work_site bolt_work_sites[BOLT_WORK_SITES];
#define BOLT_WORK_TICK(id, site_name, site_line, n)    \
    do {                                               \
        bolt_work_site* bolt_s_ = bolt_work_sites + (id);      \
        bolt_s_->name = (site_name);                   \
        bolt_s_->line = (site_line);                   \
        bolt_s_->count += (unsigned long long)(n);     \
    } while (0)
#define BOLT_LOOP() BOLT_WORK_TICK(__COUNTER__, __func__, __LINE__, 1)
#define BOLT_PORT(port, n) BOLT_WORK_TICK(__COUNTER__, "port:" #port, 0, n)
#else
#define BOLT_LOOP() ((void)0)
#define BOLT_PORT(port, n) ((void)0)
#endif

#endif
