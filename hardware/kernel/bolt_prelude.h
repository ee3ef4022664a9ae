/* Per-target prelude: the only place that knows which compiler reads the kernel.
 *   OpenCL C (PoCL, a GPU, any ICD):  __OPENCL_C_VERSION__ is defined by the compiler.
 *   Vitis HLS C++ (U55C):             __VITIS_HLS__ / __SYNTHESIS__ are defined by the tool.
 *   g++/gcc (C-simulation):           neither.
 * Everything after this file is the common subset of C99, C++ and OpenCL C: fixed-width typedefs,
 * no recursion, no dynamic allocation, no function pointers, bounded loops, no libc calls. */
#ifndef BOLT_PRELUDE_H
#define BOLT_PRELUDE_H

#if defined(__OPENCL_C_VERSION__)
typedef uchar bu8;
typedef ushort bu16;
typedef uint bu32;
typedef ulong bu64;
typedef long bi64;
#define BOLT_GLOBAL __global
#define BOLT_TABLE __constant
#define BOLT_ENTRY __kernel void
#define BOLT_U64(x) x##UL
#else
#include <stdint.h>
typedef uint8_t bu8;
typedef uint16_t bu16;
typedef uint32_t bu32;
typedef uint64_t bu64;
typedef int64_t bi64;
#define BOLT_GLOBAL
#define BOLT_TABLE static const
#define BOLT_U64(x) UINT64_C(x)
#if defined(__cplusplus)
#define BOLT_ENTRY extern "C" void
#else
#define BOLT_ENTRY void
#endif
#endif

#if defined(__VITIS_HLS__) || defined(__SYNTHESIS__)
#define BOLT_HLS 1
#else
#define BOLT_HLS 0
#endif

/* Eight bytes at any address as a little-endian word, and back (the engine's word-wise selects and copies, the GCM
 * data passes): gcc and clang (the C-simulation, PoCL) do each as one load or store through __builtin_memcpy, which
 * needs no alignment; HLS and other compilers get the byte form (bolt_crypto.h), which needs no pointer cast either
 * (UG1399, "Pointer Limitations"). */
#if !BOLT_HLS && (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BOLT_NATIVE_WORDS 1
#else
#define BOLT_NATIVE_WORDS 0
#endif

/* Internal helpers: static so each target keeps one private copy and the HLS tool inlines freely. */
#define BOLT_FN static

#endif
