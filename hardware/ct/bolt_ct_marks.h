/* ctgrind-style secret marking for the C-simulation testbench (hardware/csim/bolt_csim.cpp built with
 * -DBOLT_CT_CHECK, run under valgrind memcheck). Before each kernel call everything the host must not learn is
 * marked undefined: the device key, the command records, every HBM/on-chip structure and the private state words.
 * Memcheck then reports every conditional jump (a branch or a loop bound) whose outcome depends on them. After the
 * call, what leaves the device by design is declassified at the device boundary: the state words the host reads,
 * the responses, the trace and the sealed host pages. Nothing inside the kernel is declassified here.
 * Without BOLT_CT_CHECK both helpers compile to nothing. */
#ifndef BOLT_CT_MARKS_H
#define BOLT_CT_MARKS_H

#ifdef BOLT_CT_CHECK
#include <valgrind/memcheck.h>
#define BOLT_CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define BOLT_CT_PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define BOLT_CT_SECRET(p, n) ((void)(p), (void)(n))
#define BOLT_CT_PUBLIC(p, n) ((void)(p), (void)(n))
#endif

/* The private state words: the key and the engine's counters. Parameters, timing words and the access sequence
 * number (the host counts accesses itself) stay public. */
static const int BOLT_CT_PRIVATE_WORDS[] = {BOLT_ST_SEED_LO, BOLT_ST_SEED_HI, BOLT_ST_ITEMS, BOLT_ST_STASH_COUNT, BOLT_ST_STASH_FULL,
    BOLT_ST_FREE_COUNT, BOLT_ST_INTEGRITY_FAILURES, BOLT_ST_LAST_FAILED_PAGE};

#endif
