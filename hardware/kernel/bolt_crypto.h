/* AES-128 (FIPS-197), the AES-CTR PRNG (SPEC §3) and AES-128-GCM (NIST SP 800-38D) for pages (SPEC §5) and
 * channel frames (SPEC §10). One algorithm, three formulations of its primitives, chosen at compile time:
 *
 *   - Pipelined (BOLT_CRYPTO_PIPELINED; the FPGA, the default under Vitis HLS): AES on four little-endian 32-bit
 *     column words, a round is 16 lookups in one 256-entry table of SubBytes+MixColumns columns (T-table; the other
 *     rows are rotations), the 10 rounds written out so HLS unrolls them into a pipeline (II = 1, one block per
 *     cycle). Each lookup is a small ROM (LUTRAM/BRAM) whose read time does not depend on the index, like the S-box ROM
 *     of any AES core. GHASH's multiplier is an XOR network from bit masks, four in parallel.
 *   - AES-NI (BOLT_CRYPTO_AESNI; an x86-64 processor whose compiler targets AES-NI and PCLMULQDQ, as PoCL does on such
 *     a host): AESENC four blocks in flight, PCLMULQDQ for GHASH eight blocks per step. Both instructions take the same
 *     time whatever the data.
 *   - Bitsliced (every other processor: the C-simulation and the constant-time check build, GPUs): a table indexed by
 *     a secret is a cache-timing leak on a processor, so AES runs on bit planes: 16 blocks at once (BOLT_VEC_LANES
 *     lanes of 64-bit words, 4 blocks × 16 bytes per word), plane b holding bit b of every byte. SubBytes is a fixed
 *     Boolean circuit (Boyar and Peralta's 113 gates), ShiftRows and MixColumns are shifts and masks: about 450
 *     vector operations a round for the whole batch, with no load whose address depends on data. GHASH multiplies
 *     BOLT_VEC_LANES blocks per step in the lanes of a vector by integer products "with holes" against the
 *     precomputed powers of H, one reduction per step.
 * GCM's data pass is shared: the message goes through in chunks of up to BOLT_GCM_CHUNK blocks; on a processor a
 * chunk's counter blocks and J0 are one keystream batch, on the FPGA each block's counter is encrypted in the
 * pipelined loop. GHASH absorbs the AAD, the ciphertext and the length block in steps of BOLT_GHASH_LANES blocks.
 * Constant time: no branch, no loop bound and no address depends on a key, a plaintext, a ciphertext or a tag; trip
 * counts come from the byte lengths, which are public parameters of the configuration (page size, frame size). */
#ifndef BOLT_CRYPTO_H
#define BOLT_CRYPTO_H

#if BOLT_HLS
#define BOLT_CRYPTO_PRAGMA(x) _Pragma(#x)
#else
#define BOLT_CRYPTO_PRAGMA(x)
#endif

/* The largest GCM message in blocks that HLS sizes a loop for (a page body or a frame body); a kernel that knows
 * a smaller maximum defines it before including this file. Only a trip-count bound: the loops run len/16 blocks. */
#ifndef BOLT_GCM_MAX_BLOCKS
#define BOLT_GCM_MAX_BLOCKS 16384
#endif

/* 1: the FPGA's formulation (ROM lookups, XOR-network multiplier); 0: the bitsliced one for processors. Both compute
 * the same bytes; hardware/crypto's test builds both and checks them against an independent reference. */
#ifndef BOLT_CRYPTO_PIPELINED
#define BOLT_CRYPTO_PIPELINED BOLT_HLS
#endif

/* On an x86-64 processor whose compiler targets AES-NI and PCLMULQDQ (PoCL compiles for the host CPU), the
 * processors' formulation uses those instructions: they take the same time whatever the data (no table, no branch),
 * and clang accepts their builtins in OpenCL C. Elsewhere (the C-simulation and the constant-time check, GPUs, other
 * CPUs) the bitsliced code runs. -DBOLT_CRYPTO_NO_AESNI forces the bitsliced code. */
#if !BOLT_CRYPTO_PIPELINED && !defined(BOLT_CRYPTO_NO_AESNI) && defined(__x86_64__) && defined(__AES__) && defined(__PCLMUL__)
#define BOLT_CRYPTO_AESNI 1
#else
#define BOLT_CRYPTO_AESNI 0
#endif

#define BOLT_ROUND_KEY_BYTES 176
#define BOLT_ROUND_KEY_WORDS 44

BOLT_FN bu8 bolt_xtime(bu8 x) { return (bu8)((x << 1) ^ ((x & 0x80) ? 0x1b : 0x00)); } /* public values only (Rcon) */

BOLT_FN bu32 bolt_rotl32(bu32 x, int n) { return (x << n) | (x >> (32 - n)); }

BOLT_FN bu32 bolt_le32(const bu8* p) { return (bu32)p[0] | ((bu32)p[1] << 8) | ((bu32)p[2] << 16) | ((bu32)p[3] << 24); }

BOLT_FN void bolt_put32(bu8* p, bu32 v)
{
    for (int i = 0; i < 4; i++) p[i] = (bu8)(v >> (8 * i));
}

/* Eight bytes as a LE word, and back (BOLT_NATIVE_WORDS: one load or store; HLS sees byte accesses to the same array).
 * The engine's word-wise selects and copies rest on these. One body for both address spaces (OpenCL needs a function
 * per space: bolt_le64/bolt_put64 private, bolt_gload64/bolt_gstore64 global). */
#if BOLT_NATIVE_WORDS
#define BOLT_LOAD64_BODY(p)          \
    bu64 v_;                         \
    __builtin_memcpy(&v_, (p), 8);   \
    return v_
#define BOLT_STORE64_BODY(p, v) __builtin_memcpy((p), &(v), 8)
#else
#define BOLT_LOAD64_BODY(p)                                                                                                 \
    return (bu64)(p)[0] | ((bu64)(p)[1] << 8) | ((bu64)(p)[2] << 16) | ((bu64)(p)[3] << 24) | ((bu64)(p)[4] << 32)        \
        | ((bu64)(p)[5] << 40) | ((bu64)(p)[6] << 48) | ((bu64)(p)[7] << 56)
#define BOLT_STORE64_BODY(p, v)                                                                                             \
    for (int i_ = 0; i_ < 8; i_++) (p)[i_] = (bu8)((v) >> (8 * i_))
#endif

BOLT_FN bu64 bolt_le64(const bu8* p)
{
    BOLT_LOAD64_BODY(p);
}

BOLT_FN void bolt_put64(bu8* p, bu64 v)
{
    BOLT_STORE64_BODY(p, v);
}

BOLT_FN bu32 bolt_bswap32(bu32 x) { return (x >> 24) | ((x >> 8) & 0xFF00u) | ((x << 8) & 0xFF0000u) | (x << 24); }

BOLT_FN bu64 bolt_bswap64(bu64 x) { return ((bu64)bolt_bswap32((bu32)x) << 32) | bolt_bswap32((bu32)(x >> 32)); }

BOLT_FN bu64 bolt_be64(const bu8* p)
{
    bu64 v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | p[i];
    return v;
}

/* ---- AES-128 ---- */

#if BOLT_CRYPTO_PIPELINED
/* ---- the pipelined formulation: S-box and T-table ROMs ---- */

BOLT_TABLE bu8 BOLT_SBOX[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};
/* The T-table: for input byte x, the MixColumns column of S(x) as a little-endian word (2·S, S, S, 3·S).
 * A byte in row r contributes the same column rotated left by 8·r bits. */
BOLT_TABLE bu32 BOLT_TE[256] = {
    0xa56363c6u, 0x847c7cf8u, 0x997777eeu, 0x8d7b7bf6u, 0x0df2f2ffu, 0xbd6b6bd6u, 0xb16f6fdeu, 0x54c5c591u,
    0x50303060u, 0x03010102u, 0xa96767ceu, 0x7d2b2b56u, 0x19fefee7u, 0x62d7d7b5u, 0xe6abab4du, 0x9a7676ecu,
    0x45caca8fu, 0x9d82821fu, 0x40c9c989u, 0x877d7dfau, 0x15fafaefu, 0xeb5959b2u, 0xc947478eu, 0x0bf0f0fbu,
    0xecadad41u, 0x67d4d4b3u, 0xfda2a25fu, 0xeaafaf45u, 0xbf9c9c23u, 0xf7a4a453u, 0x967272e4u, 0x5bc0c09bu,
    0xc2b7b775u, 0x1cfdfde1u, 0xae93933du, 0x6a26264cu, 0x5a36366cu, 0x413f3f7eu, 0x02f7f7f5u, 0x4fcccc83u,
    0x5c343468u, 0xf4a5a551u, 0x34e5e5d1u, 0x08f1f1f9u, 0x937171e2u, 0x73d8d8abu, 0x53313162u, 0x3f15152au,
    0x0c040408u, 0x52c7c795u, 0x65232346u, 0x5ec3c39du, 0x28181830u, 0xa1969637u, 0x0f05050au, 0xb59a9a2fu,
    0x0907070eu, 0x36121224u, 0x9b80801bu, 0x3de2e2dfu, 0x26ebebcdu, 0x6927274eu, 0xcdb2b27fu, 0x9f7575eau,
    0x1b090912u, 0x9e83831du, 0x742c2c58u, 0x2e1a1a34u, 0x2d1b1b36u, 0xb26e6edcu, 0xee5a5ab4u, 0xfba0a05bu,
    0xf65252a4u, 0x4d3b3b76u, 0x61d6d6b7u, 0xceb3b37du, 0x7b292952u, 0x3ee3e3ddu, 0x712f2f5eu, 0x97848413u,
    0xf55353a6u, 0x68d1d1b9u, 0x00000000u, 0x2cededc1u, 0x60202040u, 0x1ffcfce3u, 0xc8b1b179u, 0xed5b5bb6u,
    0xbe6a6ad4u, 0x46cbcb8du, 0xd9bebe67u, 0x4b393972u, 0xde4a4a94u, 0xd44c4c98u, 0xe85858b0u, 0x4acfcf85u,
    0x6bd0d0bbu, 0x2aefefc5u, 0xe5aaaa4fu, 0x16fbfbedu, 0xc5434386u, 0xd74d4d9au, 0x55333366u, 0x94858511u,
    0xcf45458au, 0x10f9f9e9u, 0x06020204u, 0x817f7ffeu, 0xf05050a0u, 0x443c3c78u, 0xba9f9f25u, 0xe3a8a84bu,
    0xf35151a2u, 0xfea3a35du, 0xc0404080u, 0x8a8f8f05u, 0xad92923fu, 0xbc9d9d21u, 0x48383870u, 0x04f5f5f1u,
    0xdfbcbc63u, 0xc1b6b677u, 0x75dadaafu, 0x63212142u, 0x30101020u, 0x1affffe5u, 0x0ef3f3fdu, 0x6dd2d2bfu,
    0x4ccdcd81u, 0x140c0c18u, 0x35131326u, 0x2fececc3u, 0xe15f5fbeu, 0xa2979735u, 0xcc444488u, 0x3917172eu,
    0x57c4c493u, 0xf2a7a755u, 0x827e7efcu, 0x473d3d7au, 0xac6464c8u, 0xe75d5dbau, 0x2b191932u, 0x957373e6u,
    0xa06060c0u, 0x98818119u, 0xd14f4f9eu, 0x7fdcdca3u, 0x66222244u, 0x7e2a2a54u, 0xab90903bu, 0x8388880bu,
    0xca46468cu, 0x29eeeec7u, 0xd3b8b86bu, 0x3c141428u, 0x79dedea7u, 0xe25e5ebcu, 0x1d0b0b16u, 0x76dbdbadu,
    0x3be0e0dbu, 0x56323264u, 0x4e3a3a74u, 0x1e0a0a14u, 0xdb494992u, 0x0a06060cu, 0x6c242448u, 0xe45c5cb8u,
    0x5dc2c29fu, 0x6ed3d3bdu, 0xefacac43u, 0xa66262c4u, 0xa8919139u, 0xa4959531u, 0x37e4e4d3u, 0x8b7979f2u,
    0x32e7e7d5u, 0x43c8c88bu, 0x5937376eu, 0xb76d6ddau, 0x8c8d8d01u, 0x64d5d5b1u, 0xd24e4e9cu, 0xe0a9a949u,
    0xb46c6cd8u, 0xfa5656acu, 0x07f4f4f3u, 0x25eaeacfu, 0xaf6565cau, 0x8e7a7af4u, 0xe9aeae47u, 0x18080810u,
    0xd5baba6fu, 0x887878f0u, 0x6f25254au, 0x722e2e5cu, 0x241c1c38u, 0xf1a6a657u, 0xc7b4b473u, 0x51c6c697u,
    0x23e8e8cbu, 0x7cdddda1u, 0x9c7474e8u, 0x211f1f3eu, 0xdd4b4b96u, 0xdcbdbd61u, 0x868b8b0du, 0x858a8a0fu,
    0x907070e0u, 0x423e3e7cu, 0xc4b5b571u, 0xaa6666ccu, 0xd8484890u, 0x05030306u, 0x01f6f6f7u, 0x120e0e1cu,
    0xa36161c2u, 0x5f35356au, 0xf95757aeu, 0xd0b9b969u, 0x91868617u, 0x58c1c199u, 0x271d1d3au, 0xb99e9e27u,
    0x38e1e1d9u, 0x13f8f8ebu, 0xb398982bu, 0x33111122u, 0xbb6969d2u, 0x70d9d9a9u, 0x898e8e07u, 0xa7949433u,
    0xb69b9b2du, 0x221e1e3cu, 0x92878715u, 0x20e9e9c9u, 0x49cece87u, 0xff5555aau, 0x78282850u, 0x7adfdfa5u,
    0x8f8c8c03u, 0xf8a1a159u, 0x80898909u, 0x170d0d1au, 0xdabfbf65u, 0x31e6e6d7u, 0xc6424284u, 0xb86868d0u,
    0xc3414182u, 0xb0999929u, 0x772d2d5au, 0x110f0f1eu, 0xcbb0b07bu, 0xfc5454a8u, 0xd6bbbb6du, 0x3a16162cu,
};


/* Round keys as 44 little-endian words (word i = bytes 4i..4i+3 of the FIPS-197 schedule). */
typedef struct {
    bu32 w[BOLT_ROUND_KEY_WORDS];
} bolt_aes_key;

BOLT_FN bu32 bolt_sub_word(bu32 w)
{
    return (bu32)BOLT_SBOX[w & 0xFF] | ((bu32)BOLT_SBOX[(w >> 8) & 0xFF] << 8) | ((bu32)BOLT_SBOX[(w >> 16) & 0xFF] << 16)
        | ((bu32)BOLT_SBOX[w >> 24] << 24);
}

BOLT_FN void bolt_aes_key_finish(bolt_aes_key* k) { (void)k; }

/* One full round's column c: SubBytes, ShiftRows (row r from column c + r) and MixColumns by table, then the key. */
#define BOLT_AES_COLUMN(a, b, c, d, key)                                                                         \
    (BOLT_TE[(a) & 0xFF] ^ bolt_rotl32(BOLT_TE[((b) >> 8) & 0xFF], 8) ^ bolt_rotl32(BOLT_TE[((c) >> 16) & 0xFF], 16) \
        ^ bolt_rotl32(BOLT_TE[(d) >> 24], 24) ^ (key))

/* The last round's column c: SubBytes and ShiftRows only. */
#define BOLT_AES_LAST_COLUMN(a, b, c, d, key)                                                                       \
    (((bu32)BOLT_SBOX[(a) & 0xFF] | ((bu32)BOLT_SBOX[((b) >> 8) & 0xFF] << 8) | ((bu32)BOLT_SBOX[((c) >> 16) & 0xFF] << 16) \
         | ((bu32)BOLT_SBOX[(d) >> 24] << 24))                                                                    \
        ^ (key))

/* Encrypts one block held as four column words, in place. */
BOLT_FN void bolt_aes_block(const bolt_aes_key* k, bu32* s)
{
    bu32 s0 = s[0] ^ k->w[0], s1 = s[1] ^ k->w[1], s2 = s[2] ^ k->w[2], s3 = s[3] ^ k->w[3];
    for (int round = 1; round < 10; round++) {
        BOLT_CRYPTO_PRAGMA(HLS unroll)
        const bu32* rk = k->w + 4 * round;
        bu32 t0 = BOLT_AES_COLUMN(s0, s1, s2, s3, rk[0]);
        bu32 t1 = BOLT_AES_COLUMN(s1, s2, s3, s0, rk[1]);
        bu32 t2 = BOLT_AES_COLUMN(s2, s3, s0, s1, rk[2]);
        bu32 t3 = BOLT_AES_COLUMN(s3, s0, s1, s2, rk[3]);
        s0 = t0;
        s1 = t1;
        s2 = t2;
        s3 = t3;
    }
    s[0] = BOLT_AES_LAST_COLUMN(s0, s1, s2, s3, k->w[40]);
    s[1] = BOLT_AES_LAST_COLUMN(s1, s2, s3, s0, k->w[41]);
    s[2] = BOLT_AES_LAST_COLUMN(s2, s3, s0, s1, k->w[42]);
    s[3] = BOLT_AES_LAST_COLUMN(s3, s0, s1, s2, k->w[43]);
}

#elif BOLT_CRYPTO_AESNI
/* ---- the processors' formulation on x86-64 with AES-NI ----
 * A block is a 128-bit vector whose element 0 holds bytes 0..7 (LE) and element 1 bytes 8..15: AESENC's byte order. */
#if defined(__OPENCL_C_VERSION__)
typedef long bolt_m128 __attribute__((vector_size(16)));
#define BOLT_M128(lo, hi) ((bolt_m128){(long)(lo), (long)(hi)})
#else
typedef long long bolt_m128 __attribute__((vector_size(16)));
#define BOLT_M128(lo, hi) ((bolt_m128){(long long)(lo), (long long)(hi)})
#endif
#define BOLT_AES_BATCH 32 /* blocks per keystream call (the instruction itself has no batch) */

/* Round keys as 44 little-endian words (word i = bytes 4i..4i+3 of the FIPS-197 schedule). */
typedef struct {
    bu32 w[BOLT_ROUND_KEY_WORDS];
} bolt_aes_key;

/* SubWord: AESENCLAST with a zero key on four copies of w is ShiftRows(SubBytes(state)), and ShiftRows only moves
 * equal bytes within a row, so column 0 is SubWord(w). */
BOLT_FN bu32 bolt_sub_word(bu32 w)
{
    bu64 c = (bu64)w | ((bu64)w << 32);
    bolt_m128 r = __builtin_ia32_aesenclast128(BOLT_M128(c, c), BOLT_M128(0, 0));
    return (bu32)r[0];
}

BOLT_FN void bolt_aes_key_finish(bolt_aes_key* k) { (void)k; }

/* Encrypts n (public) blocks b[2i] (bytes 0..7), b[2i+1] (bytes 8..15) in place, four at a time so the instruction's
 * latency overlaps (one round of four blocks in flight). */
BOLT_FN void bolt_aes_lohi(const bolt_aes_key* k, bu64* b, int n)
{
    bolt_m128 rk[11];
    for (int r = 0; r < 11; r++)
        rk[r] = BOLT_M128((bu64)k->w[4 * r] | ((bu64)k->w[4 * r + 1] << 32), (bu64)k->w[4 * r + 2] | ((bu64)k->w[4 * r + 3] << 32));
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        bolt_m128 s0 = BOLT_M128(b[2 * i], b[2 * i + 1]) ^ rk[0], s1 = BOLT_M128(b[2 * i + 2], b[2 * i + 3]) ^ rk[0];
        bolt_m128 s2 = BOLT_M128(b[2 * i + 4], b[2 * i + 5]) ^ rk[0], s3 = BOLT_M128(b[2 * i + 6], b[2 * i + 7]) ^ rk[0];
        for (int r = 1; r < 10; r++) {
            s0 = __builtin_ia32_aesenc128(s0, rk[r]);
            s1 = __builtin_ia32_aesenc128(s1, rk[r]);
            s2 = __builtin_ia32_aesenc128(s2, rk[r]);
            s3 = __builtin_ia32_aesenc128(s3, rk[r]);
        }
        s0 = __builtin_ia32_aesenclast128(s0, rk[10]);
        s1 = __builtin_ia32_aesenclast128(s1, rk[10]);
        s2 = __builtin_ia32_aesenclast128(s2, rk[10]);
        s3 = __builtin_ia32_aesenclast128(s3, rk[10]);
        b[2 * i] = (bu64)s0[0];
        b[2 * i + 1] = (bu64)s0[1];
        b[2 * i + 2] = (bu64)s1[0];
        b[2 * i + 3] = (bu64)s1[1];
        b[2 * i + 4] = (bu64)s2[0];
        b[2 * i + 5] = (bu64)s2[1];
        b[2 * i + 6] = (bu64)s3[0];
        b[2 * i + 7] = (bu64)s3[1];
    }
    for (; i < n; i++) {
        bolt_m128 s0 = BOLT_M128(b[2 * i], b[2 * i + 1]) ^ rk[0];
        for (int r = 1; r < 10; r++) s0 = __builtin_ia32_aesenc128(s0, rk[r]);
        s0 = __builtin_ia32_aesenclast128(s0, rk[10]);
        b[2 * i] = (bu64)s0[0];
        b[2 * i + 1] = (bu64)s0[1];
    }
}
#else
/* ---- the bitsliced formulation ----
 * BOLT_AES_BATCH blocks: block LANES·g + l sits in lane l, bits 16g..16g+15, of every plane; bit p of those 16 is byte p of the block
 * (p = 4·column + row, FIPS-197's order); plane b holds bit b of each byte. All operations are lane-wise on 64-bit
 * words, so OpenCL's ulong4/ulong8 and GCC's vector extension give the same code. Four lanes by default: with eight
 * the S-box circuit's temporaries spill on a 256-bit-vector CPU and a batch is slower per block. */
#ifndef BOLT_VEC_LANES
#define BOLT_VEC_LANES 4
#endif
#if defined(__OPENCL_C_VERSION__) && BOLT_VEC_LANES == 8
typedef ulong8 bolt_vec;
#elif defined(__OPENCL_C_VERSION__)
typedef ulong4 bolt_vec;
#else
typedef bu64 bolt_vec __attribute__((vector_size(8 * BOLT_VEC_LANES)));
#endif
#if defined(__OPENCL_C_VERSION__)
#define BOLT_VEC(x) ((bolt_vec)(x))
#else
#define BOLT_VEC(x) ((bolt_vec){0} + (bu64)(x))
#endif
#define BOLT_AES_BATCH (4 * BOLT_VEC_LANES) /* blocks per bitsliced batch: 4 per 64-bit word */

/* A 16-bit pattern in each of a word's four 16-bit groups. */
#define BOLT_BS_REP(m) ((bu64)(m) * BOLT_U64(0x0001000100010001))

/* Exchanges the bits of a selected by mask << s with the bits of b selected by mask. */
#define BOLT_SWAPMOVE(a, b, s, mask, t) \
    do {                                \
        t = (((a) >> (s)) ^ (b)) & (mask); \
        (b) ^= t;                       \
        (a) ^= t << (s);                \
    } while (0)

/* Transposes the 8×8 bit matrix of a 64-bit word (bit 8·r + c <-> bit 8·c + r): byte b of the result holds bit b of
 * the input's eight bytes. */
#define BOLT_TRANSPOSE8(x, t)                                                   \
    do {                                                                        \
        t = ((x) ^ ((x) >> 7)) & BOLT_U64(0x00AA00AA00AA00AA);                  \
        (x) ^= t ^ (t << 7);                                                    \
        t = ((x) ^ ((x) >> 14)) & BOLT_U64(0x0000CCCC0000CCCC);                 \
        (x) ^= t ^ (t << 14);                                                   \
        t = ((x) ^ ((x) >> 28)) & BOLT_U64(0x00000000F0F0F0F0);                 \
        (x) ^= t ^ (t << 28);                                                   \
    } while (0)

/* Bytes 0..7 (lo) and 8..15 (hi) of one block, each transposed, as the even planes' and the odd planes' 16-bit
 * groups: e holds planes 0, 2, 4, 6 and o planes 1, 3, 5, 7, one per 16-bit group. The inverse is bolt_bs_merge. */
#define BOLT_BS_SPLIT(lo, hi, e, o, t)                                                                   \
    do {                                                                                                 \
        BOLT_TRANSPOSE8(lo, t);                                                                          \
        BOLT_TRANSPOSE8(hi, t);                                                                          \
        e = ((lo) & BOLT_BS_REP(0x00FF)) | (((hi) & BOLT_BS_REP(0x00FF)) << 8);                          \
        o = (((lo) >> 8) & BOLT_BS_REP(0x00FF)) | ((hi) & BOLT_BS_REP(0xFF00));                          \
    } while (0)

#define BOLT_BS_MERGE(e, o, lo, hi, t)                                                                   \
    do {                                                                                                 \
        lo = ((e) & BOLT_BS_REP(0x00FF)) | (((o) & BOLT_BS_REP(0x00FF)) << 8);                           \
        hi = (((e) >> 8) & BOLT_BS_REP(0x00FF)) | ((o) & BOLT_BS_REP(0xFF00));                           \
        BOLT_TRANSPOSE8(lo, t);                                                                          \
        BOLT_TRANSPOSE8(hi, t);                                                                          \
    } while (0)

/* Transposes four words seen as a 4×4 matrix of 16-bit groups (word w, group g <-> word g, group w). */
BOLT_FN void bolt_bs_transpose4(bolt_vec* w)
{
    bolt_vec t;
    BOLT_SWAPMOVE(w[0], w[1], 16, BOLT_U64(0x0000FFFF0000FFFF), t);
    BOLT_SWAPMOVE(w[2], w[3], 16, BOLT_U64(0x0000FFFF0000FFFF), t);
    BOLT_SWAPMOVE(w[0], w[2], 32, BOLT_U64(0x00000000FFFFFFFF), t);
    BOLT_SWAPMOVE(w[1], w[3], 32, BOLT_U64(0x00000000FFFFFFFF), t);
}

/* Blocks (lo[g], hi[g]: lane l holds block LANES·g + l's LE words) to planes q[0..7], and back. */
BOLT_FN void bolt_bs_in(bolt_vec* q, const bolt_vec* lo, const bolt_vec* hi)
{
    bolt_vec e[4], o[4], t;
    for (int g = 0; g < 4; g++) {
        bolt_vec a = lo[g], c = hi[g];
        BOLT_BS_SPLIT(a, c, e[g], o[g], t);
    }
    bolt_bs_transpose4(e);
    bolt_bs_transpose4(o);
    for (int m = 0; m < 4; m++) {
        q[2 * m] = e[m];
        q[2 * m + 1] = o[m];
    }
}

BOLT_FN void bolt_bs_out(const bolt_vec* q, bolt_vec* lo, bolt_vec* hi)
{
    bolt_vec e[4], o[4], t;
    for (int m = 0; m < 4; m++) {
        e[m] = q[2 * m];
        o[m] = q[2 * m + 1];
    }
    bolt_bs_transpose4(e);
    bolt_bs_transpose4(o);
    for (int g = 0; g < 4; g++) BOLT_BS_MERGE(e[g], o[g], lo[g], hi[g], t);
}

/* SubBytes on every byte of the batch: the S-box as Boyar and Peralta's circuit (a linear layer, 32 AND gates in GF(2^4)
 * inversion, a linear layer). u0 is a byte's most significant bit, s0 the output's. */
BOLT_FN void bolt_bs_sbox(bolt_vec* q)
{
    bolt_vec u0 = q[7], u1 = q[6], u2 = q[5], u3 = q[4], u4 = q[3], u5 = q[2], u6 = q[1], u7 = q[0];
    bolt_vec t1 = u0 ^ u3, t2 = u0 ^ u5, t3 = u0 ^ u6, t4 = u3 ^ u5, t5 = u4 ^ u6, t6 = t1 ^ t5, t7 = u1 ^ u2;
    bolt_vec t8 = u7 ^ t6, t9 = u7 ^ t7, t10 = t6 ^ t7, t11 = u1 ^ u5, t12 = u2 ^ u5, t13 = t3 ^ t4, t14 = t6 ^ t11;
    bolt_vec t15 = t5 ^ t11, t16 = t5 ^ t12, t17 = t9 ^ t16, t18 = u3 ^ u7, t19 = t7 ^ t18, t20 = t1 ^ t19;
    bolt_vec t21 = u6 ^ u7, t22 = t7 ^ t21, t23 = t2 ^ t22, t24 = t2 ^ t10, t25 = t20 ^ t17, t26 = t3 ^ t16, t27 = t1 ^ t12;

    bolt_vec m1 = t13 & t6, m2 = t23 & t8, m3 = t14 ^ m1, m4 = t19 & u7, m5 = m4 ^ m1, m6 = t3 & t16, m7 = t22 & t9;
    bolt_vec m8 = t26 ^ m6, m9 = t20 & t17, m10 = m9 ^ m6, m11 = t1 & t15, m12 = t4 & t27, m13 = m12 ^ m11;
    bolt_vec m14 = t2 & t10, m15 = m14 ^ m11, m16 = m3 ^ m2, m17 = m5 ^ t24, m18 = m8 ^ m7, m19 = m10 ^ m15;
    bolt_vec m20 = m16 ^ m13, m21 = m17 ^ m15, m22 = m18 ^ m13, m23 = m19 ^ t25, m24 = m22 ^ m23, m25 = m22 & m20;
    bolt_vec m26 = m21 ^ m25, m27 = m20 ^ m21, m28 = m23 ^ m25, m29 = m28 & m27, m30 = m26 & m24, m31 = m20 & m23;
    bolt_vec m32 = m27 & m31, m33 = m27 ^ m25, m34 = m21 & m22, m35 = m24 & m34, m36 = m24 ^ m25, m37 = m21 ^ m29;
    bolt_vec m38 = m32 ^ m33, m39 = m23 ^ m30, m40 = m35 ^ m36, m41 = m38 ^ m40, m42 = m37 ^ m39, m43 = m37 ^ m38;
    bolt_vec m44 = m39 ^ m40, m45 = m42 ^ m41, m46 = m44 & t6, m47 = m40 & t8, m48 = m39 & u7, m49 = m43 & t16;
    bolt_vec m50 = m38 & t9, m51 = m37 & t17, m52 = m42 & t15, m53 = m45 & t27, m54 = m41 & t10, m55 = m44 & t13;
    bolt_vec m56 = m40 & t23, m57 = m39 & t19, m58 = m43 & t3, m59 = m38 & t22, m60 = m37 & t20, m61 = m42 & t1;
    bolt_vec m62 = m45 & t4, m63 = m41 & t2;

    bolt_vec l0 = m61 ^ m62, l1 = m50 ^ m56, l2 = m46 ^ m48, l3 = m47 ^ m55, l4 = m54 ^ m58, l5 = m49 ^ m61;
    bolt_vec l6 = m62 ^ l5, l7 = m46 ^ l3, l8 = m51 ^ m59, l9 = m52 ^ m53, l10 = m53 ^ l4, l11 = m60 ^ l2;
    bolt_vec l12 = m48 ^ m51, l13 = m50 ^ l0, l14 = m52 ^ m61, l15 = m55 ^ l1, l16 = m56 ^ l0, l17 = m57 ^ l1;
    bolt_vec l18 = m58 ^ l8, l19 = m63 ^ l4, l20 = l0 ^ l1, l21 = l1 ^ l7, l22 = l3 ^ l12, l23 = l18 ^ l2;
    bolt_vec l24 = l15 ^ l9, l25 = l6 ^ l10, l26 = l7 ^ l9, l27 = l8 ^ l10, l28 = l11 ^ l14, l29 = l11 ^ l17;
    q[7] = l6 ^ l24;
    q[6] = ~(l16 ^ l26);
    q[5] = ~(l19 ^ l28);
    q[4] = l6 ^ l21;
    q[3] = l20 ^ l22;
    q[2] = l25 ^ l29;
    q[1] = ~(l13 ^ l27);
    q[0] = ~(l6 ^ l23);
}

/* ShiftRows: row r (bits r, r + 4, r + 8, r + 12 of a block's 16) rotates by 4·r bits within the block. */
BOLT_FN void bolt_bs_shift_rows(bolt_vec* q)
{
    for (int b = 0; b < 8; b++) {
        bolt_vec x = q[b];
        q[b] = (x & BOLT_BS_REP(0x1111)) | ((x >> 4) & BOLT_BS_REP(0x0222)) | ((x << 12) & BOLT_BS_REP(0x2000))
            | ((x >> 8) & BOLT_BS_REP(0x0044)) | ((x << 8) & BOLT_BS_REP(0x4400)) | ((x >> 12) & BOLT_BS_REP(0x0008))
            | ((x << 4) & BOLT_BS_REP(0x8880));
    }
}

/* MixColumns: out_r = 2·(a_r ^ a_r+1) ^ (a_r+1 ^ a_r+2 ^ a_r+3), rows rotating within each column's 4 bits; the
 * doubling moves planes up by one and folds plane 7 into planes 0, 1, 3 and 4 (x^8 = x^4 + x^3 + x + 1). */
BOLT_FN void bolt_bs_mix_columns(bolt_vec* q)
{
    bolt_vec t[8], u[8];
    for (int b = 0; b < 8; b++) {
        bolt_vec x = q[b];
        t[b] = x ^ (((x >> 1) & BOLT_BS_REP(0x7777)) | ((x << 3) & BOLT_BS_REP(0x8888)));          /* a_r ^ a_r+1 */
        u[b] = t[b] ^ (((t[b] >> 2) & BOLT_BS_REP(0x3333)) | ((t[b] << 2) & BOLT_BS_REP(0xCCCC))); /* all four rows */
    }
    q[0] ^= u[0] ^ t[7];
    q[1] ^= u[1] ^ t[0] ^ t[7];
    q[2] ^= u[2] ^ t[1];
    q[3] ^= u[3] ^ t[2] ^ t[7];
    q[4] ^= u[4] ^ t[3] ^ t[7];
    q[5] ^= u[5] ^ t[4];
    q[6] ^= u[6] ^ t[5];
    q[7] ^= u[7] ^ t[6];
}

/* Round keys: 44 LE words, and the same 11 keys as planes (one 16-bit pattern per plane, repeated in each group). */
typedef struct {
    bu32 w[BOLT_ROUND_KEY_WORDS];
    bu64 planes[11 * 8];
} bolt_aes_key;

/* One block's planes as 16-bit values p[0..7] (scalar), and back. */
BOLT_FN void bolt_bs_planes(bu64 lo, bu64 hi, bu64* p)
{
    bu64 e, o, t;
    BOLT_BS_SPLIT(lo, hi, e, o, t);
    for (int m = 0; m < 4; m++) {
        p[2 * m] = (e >> (16 * m)) & 0xFFFF;
        p[2 * m + 1] = (o >> (16 * m)) & 0xFFFF;
    }
}

BOLT_FN void bolt_bs_unplanes(const bu64* p, bu64* lo, bu64* hi)
{
    bu64 e = 0, o = 0, t, a, c;
    for (int m = 0; m < 4; m++) {
        e |= (p[2 * m] & 0xFFFF) << (16 * m);
        o |= (p[2 * m + 1] & 0xFFFF) << (16 * m);
    }
    BOLT_BS_MERGE(e, o, a, c, t);
    *lo = a;
    *hi = c;
}

/* SubWord for the key schedule, through the same circuit (a key is a secret too). */
BOLT_FN bu32 bolt_sub_word(bu32 w)
{
    bu64 p[8], lo, hi;
    bolt_vec q[8];
    bolt_bs_planes(w, 0, p);
    for (int b = 0; b < 8; b++) q[b] = BOLT_VEC(p[b]);
    bolt_bs_sbox(q);
    for (int b = 0; b < 8; b++) p[b] = q[b][0];
    bolt_bs_unplanes(p, &lo, &hi);
    return (bu32)lo;
}

/* Derives the planes of the round keys from their words. */
BOLT_FN void bolt_aes_key_finish(bolt_aes_key* k)
{
    for (int r = 0; r < 11; r++) {
        bu64 p[8];
        bolt_bs_planes((bu64)k->w[4 * r] | ((bu64)k->w[4 * r + 1] << 32), (bu64)k->w[4 * r + 2] | ((bu64)k->w[4 * r + 3] << 32), p);
        for (int b = 0; b < 8; b++) k->planes[8 * r + b] = BOLT_BS_REP(p[b]);
    }
}

BOLT_FN void bolt_bs_add_key(bolt_vec* q, const bolt_aes_key* k, int round)
{
    for (int b = 0; b < 8; b++) q[b] ^= k->planes[8 * round + b];
}

/* Encrypts a batch in place (lo[g], hi[g]: lane l holds block LANES·g + l's LE words). */
BOLT_FN void bolt_aes_batch(const bolt_aes_key* k, bolt_vec* lo, bolt_vec* hi)
{
    bolt_vec q[8];
    bolt_bs_in(q, lo, hi);
    bolt_bs_add_key(q, k, 0);
    for (int round = 1; round < 10; round++) {
        bolt_bs_sbox(q);
        bolt_bs_shift_rows(q);
        bolt_bs_mix_columns(q);
        bolt_bs_add_key(q, k, round);
    }
    bolt_bs_sbox(q);
    bolt_bs_shift_rows(q);
    bolt_bs_add_key(q, k, 10);
    bolt_bs_out(q, lo, hi);
}

/* Encrypts n (public, at most BOLT_AES_BATCH) blocks b[2i] (bytes 0..7), b[2i+1] (bytes 8..15) in place: one batch. */
BOLT_FN void bolt_aes_lohi(const bolt_aes_key* k, bu64* b, int n)
{
    bolt_vec lo[4], hi[4];
    for (int g = 0; g < 4; g++) {
        lo[g] = BOLT_VEC(0);
        hi[g] = BOLT_VEC(0);
    }
    for (int i = 0; i < n; i++) {
        lo[i / BOLT_VEC_LANES][i % BOLT_VEC_LANES] = b[2 * i];
        hi[i / BOLT_VEC_LANES][i % BOLT_VEC_LANES] = b[2 * i + 1];
    }
    bolt_aes_batch(k, lo, hi);
    for (int i = 0; i < n; i++) {
        b[2 * i] = lo[i / BOLT_VEC_LANES][i % BOLT_VEC_LANES];
        b[2 * i + 1] = hi[i / BOLT_VEC_LANES][i % BOLT_VEC_LANES];
    }
}
#endif

#if !BOLT_CRYPTO_PIPELINED
/* Encrypts up to BOLT_AES_BATCH blocks of four column words (w[4i..4i+3]) in place; n is public. */
BOLT_FN void bolt_aes_blocks(const bolt_aes_key* k, bu32* w, int n)
{
    bu64 b[2 * BOLT_AES_BATCH];
    for (int i = 0; i < n; i++) {
        b[2 * i] = (bu64)w[4 * i] | ((bu64)w[4 * i + 1] << 32);
        b[2 * i + 1] = (bu64)w[4 * i + 2] | ((bu64)w[4 * i + 3] << 32);
    }
    bolt_aes_lohi(k, b, n);
    for (int i = 0; i < n; i++) {
        w[4 * i] = (bu32)b[2 * i];
        w[4 * i + 1] = (bu32)(b[2 * i] >> 32);
        w[4 * i + 2] = (bu32)b[2 * i + 1];
        w[4 * i + 3] = (bu32)(b[2 * i + 1] >> 32);
    }
}

/* Encrypts one block held as four column words, in place (bitsliced, a whole batch: use bolt_aes_blocks for several). */
BOLT_FN void bolt_aes_block(const bolt_aes_key* k, bu32* s) { bolt_aes_blocks(k, s, 1); }
#endif

/* Expands a 16-byte key. RotWord on a little-endian word is a right rotation by 8; Rcon goes to byte 0. */
BOLT_FN void bolt_aes_setkey(const bu8* key, bolt_aes_key* k)
{
    bu8 rcon = 1;
    for (int i = 0; i < 4; i++) k->w[i] = bolt_le32(key + 4 * i);
    for (int round = 1; round <= 10; round++) {
        BOLT_CRYPTO_PRAGMA(HLS unroll)
        bu32 t = bolt_sub_word(bolt_rotl32(k->w[4 * round - 1], 24)) ^ rcon;
        k->w[4 * round] = k->w[4 * round - 4] ^ t;
        k->w[4 * round + 1] = k->w[4 * round - 3] ^ k->w[4 * round];
        k->w[4 * round + 2] = k->w[4 * round - 2] ^ k->w[4 * round + 1];
        k->w[4 * round + 3] = k->w[4 * round - 1] ^ k->w[4 * round + 2];
        rcon = bolt_xtime(rcon);
    }
    bolt_aes_key_finish(k);
}

/* Encrypts 16 bytes in place. */
BOLT_FN inline void bolt_aes_encrypt_block(const bolt_aes_key* k, bu8* b)
{
    bu32 s[4];
    for (int i = 0; i < 4; i++) s[i] = bolt_le32(b + 4 * i);
    bolt_aes_block(k, s);
    for (int i = 0; i < 4; i++) bolt_put32(b + 4 * i, s[i]);
}

/* The byte form of the schedule (176 bytes), for callers that keep round keys as bytes. */
BOLT_FN void bolt_aes_key_from_bytes(const bu8* rk, bolt_aes_key* k)
{
    for (int i = 0; i < BOLT_ROUND_KEY_WORDS; i++) k->w[i] = bolt_le32(rk + 4 * i);
    bolt_aes_key_finish(k);
}

/* Expands a 16-byte key into the 11 round keys as 176 bytes. */
BOLT_FN void bolt_aes_expand(const bu8* key, bu8* rk)
{
    bolt_aes_key k;
    bolt_aes_setkey(key, &k);
    for (int i = 0; i < BOLT_ROUND_KEY_WORDS; i++) bolt_put32(rk + 4 * i, k.w[i]);
}

/* Encrypts one 16-byte block in place under a 176-byte schedule. */
BOLT_FN void bolt_aes_encrypt(const bu8* rk, bu8* s)
{
    bolt_aes_key k;
    bolt_aes_key_from_bytes(rk, &k);
    bolt_aes_encrypt_block(&k, s);
}

/* KDF(label) = AES-128-Encrypt(K_dev, label) (SPEC §3). The 16-byte ASCII label, zero padded, comes as two
 * LE u64 words because OpenCL C keeps string literals in __constant memory, out of reach of a private pointer. */
#define BOLT_LABEL_PRNG_LO BOLT_U64(0x4e52502d544c4f42) /* "BOLT-PRN" */
#define BOLT_LABEL_PRNG_HI BOLT_U64(0x00000059454b2d47) /* "G-KEY" */
#define BOLT_LABEL_PAGE_LO BOLT_U64(0x4741502d544c4f42) /* "BOLT-PAG" */
#define BOLT_LABEL_PAGE_HI BOLT_U64(0x00000059454b2d45) /* "E-KEY" */
#define BOLT_LABEL_PROV_LO BOLT_U64(0x4f52502d544c4f42) /* "BOLT-PRO" */
#define BOLT_LABEL_PROV_HI BOLT_U64(0x00000059454b2d56) /* "V-KEY" */
#define BOLT_LABEL_CMD_LO BOLT_U64(0x444d432d544c4f42)  /* "BOLT-CMD" */
#define BOLT_LABEL_CMD_HI BOLT_U64(0x0000000059454b2d)  /* "-KEY" */
#define BOLT_LABEL_RSP_LO BOLT_U64(0x5053522d544c4f42)  /* "BOLT-RSP" */
#define BOLT_LABEL_RSP_HI BOLT_U64(0x0000000059454b2d)  /* "-KEY" */
#define BOLT_LABEL_CONFIRM_LO BOLT_U64(0x4e4f432d544c4f42) /* "BOLT-CON" */
#define BOLT_LABEL_CONFIRM_HI BOLT_U64(0x000000004d524946) /* "FIRM" */
#define BOLT_LABEL_LIFETIME_LO BOLT_U64(0x46494c2d544c4f42) /* "BOLT-LIF" */
#define BOLT_LABEL_LIFETIME_HI BOLT_U64(0x000000454d495445) /* "ETIME" */
#define BOLT_LABEL_PROVISION_LO BOLT_U64(0x4f52502d544c4f42) /* "BOLT-PRO" */
#define BOLT_LABEL_PROVISION_HI BOLT_U64(0x00004e4f49534956) /* "VISION" */

/* The device-unique key that provisioning blobs are sealed to (SPEC §11). A board keeps it where the host cannot
 * read it (an eFUSE/BBRAM key, or a key in the encrypted bitstream); the OpenCL prototype takes it as a build
 * define. The fallback is the public development key, for the C-simulation and tests only. */
#ifndef BOLT_DEVICE_KEY_LO
#define BOLT_DEVICE_KEY_LO BOLT_U64(0x5645442d544c4f42) /* "BOLT-DEV" */
#define BOLT_DEVICE_KEY_HI BOLT_U64(0x544e454d504f4c45) /* "ELOPMENT" */
#endif


BOLT_FN void bolt_derive_round_keys(const bu8* dev_rk, bu64 label_lo, bu64 label_hi, bu8* rk)
{
    bu8 key[16];
    bolt_put64(key, label_lo);
    bolt_put64(key + 8, label_hi);
    bolt_aes_encrypt(dev_rk, key);
    bolt_aes_expand(key, rk);
}

/* ---- the PRNG (SPEC §3) ---- */

/* PRNG block (domain, index) = AES(K_prng, u64 index | u32 domain | u32 0), as four LE u32 words. */
BOLT_FN void bolt_prng_words(const bolt_aes_key* k, bu32 domain, bu64 index, bu32* w)
{
    w[0] = (bu32)index;
    w[1] = (bu32)(index >> 32);
    w[2] = domain;
    w[3] = 0;
    bolt_aes_block(k, w);
}

/* The same block as 16 bytes. */
BOLT_FN void bolt_prng_bytes(const bu8* prng_rk, bu32 domain, bu64 index, bu8* b)
{
    bolt_aes_key k;
    bu32 w[4];
    bolt_aes_key_from_bytes(prng_rk, &k);
    bolt_prng_words(&k, domain, index, w);
    for (int i = 0; i < 4; i++) bolt_put32(b + 4 * i, w[i]);
}

/* The same block as four LE u32 words, under a 176-byte schedule. */
BOLT_FN void bolt_prng_block(const bu8* prng_rk, bu32 domain, bu64 index, bu32* w)
{
    bolt_aes_key k;
    bolt_aes_key_from_bytes(prng_rk, &k);
    bolt_prng_words(&k, domain, index, w);
}

#ifdef BOLT_FAULT_BIASED_DUMMIES
/* Range(w, n) = (w · n) >> 32: the first version's 32-bit multiply-shift, kept for a test-only fault. */
BOLT_FN bu32 bolt_range(bu32 w, bu64 n) { return (bu32)(((bu64)w * n) >> 32); }
#endif

/* Range64(x, n) = (x · n) >> 64 for n < 2^32 (SPEC §3), from 64-bit products only, so every target computes it
 * alike: x · n = xh·n·2^32 + xl·n, and the high word is ((xh·n + (xl·n >> 32)) >> 32). */
BOLT_FN bu32 bolt_range64(bu64 x, bu64 n)
{
    bu64 low = (x & BOLT_U64(0xFFFFFFFF)) * n;
    bu64 high = (x >> 32) * n + (low >> 32);
    return (bu32)(high >> 32);
}

/* The same block as two LE u64 words. */
BOLT_FN void bolt_prng_block64(const bu8* prng_rk, bu32 domain, bu64 index, bu64* q)
{
    bu32 w[4];
    bolt_prng_block(prng_rk, domain, index, w);
    q[0] = (bu64)w[0] | ((bu64)w[1] << 32);
    q[1] = (bu64)w[2] | ((bu64)w[3] << 32);
}

/* ---- GF(2^128) in GCM's bit order: x = (hi, lo), hi holds bytes 0..7 big-endian ---- */

/* The XOR-network multiply: 128 fixed steps, each adds V under the mask of one bit of x, then V·x (shift, reduce).
 * The FPGA's multiplier (unrolled), and on processors only for the powers of H at key set-up. */
BOLT_FN inline void bolt_gf_mul(bu64* xh, bu64* xl, bu64 hh, bu64 hl)
{
    bu64 zh = 0, zl = 0, vh = hh, vl = hl;
    for (int i = 0; i < 128; i++) {
        BOLT_CRYPTO_PRAGMA(HLS unroll)
        bu64 bit = i < 64 ? (*xh >> (63 - i)) & 1 : (*xl >> (127 - i)) & 1;
        bu64 mask = (bu64)0 - bit;
        zh ^= vh & mask;
        zl ^= vl & mask;
        bu64 carry = (bu64)0 - (vl & 1);
        vl = (vl >> 1) | (vh << 63);
        vh = (vh >> 1) ^ (carry & ((bu64)0xE1 << 56));
    }
    *xh = zh;
    *xl = zl;
}

/* GHASH's aggregation: blocks absorbed per step, over the powers H^1..H^BOLT_GHASH_LANES. */
#if BOLT_CRYPTO_PIPELINED
#define BOLT_GHASH_LANES 4
#else
#if BOLT_CRYPTO_AESNI
#define BOLT_GHASH_LANES 8
#else
#define BOLT_GHASH_LANES BOLT_VEC_LANES
#endif

/* Reduces a 256-bit carry-less product, given as the three Karatsuba products' halves (lo·lo, hi·hi,
 * (lo^hi)·(lo^hi), each low word then high word), modulo x^128 + x^7 + x^2 + x + 1 in GCM's reflected bit order. */
BOLT_FN void bolt_gf_reduce_halves(bu64 lo, bu64 lo_hi, bu64 hi, bu64 hi_hi, bu64 mid, bu64 mid_hi, bu64* xh, bu64* xl)
{
    bu64 mid_lo = mid ^ lo ^ hi;
    mid_hi ^= lo_hi ^ hi_hi;
    bu64 v0 = lo, v1 = lo_hi ^ mid_lo, v2 = hi ^ mid_hi, v3 = hi_hi;
    v3 = (v3 << 1) | (v2 >> 63);
    v2 = (v2 << 1) | (v1 >> 63);
    v1 = (v1 << 1) | (v0 >> 63);
    v0 = v0 << 1;
    v2 ^= v0 ^ (v0 >> 1) ^ (v0 >> 2) ^ (v0 >> 7);
    v1 ^= (v0 << 63) ^ (v0 << 62) ^ (v0 << 57);
    v3 ^= v1 ^ (v1 >> 1) ^ (v1 >> 2) ^ (v1 >> 7);
    v2 ^= (v1 << 63) ^ (v1 << 62) ^ (v1 << 57);
    *xh = v3;
    *xl = v2;
}
#endif

#if !BOLT_CRYPTO_PIPELINED && !BOLT_CRYPTO_AESNI
/* An unreduced 256-bit product, kept as the three Karatsuba products' low halves and (bit-reversed) high halves:
 * products add by XOR in this form, so a whole step's products share one reduction. */
typedef struct {
    bu64 lo, hi, mid, lor, hir, midr;
} bolt_gf_wide;

BOLT_FN inline bu64 bolt_rev64(bu64 x)
{
    x = ((x >> 1) & BOLT_U64(0x5555555555555555)) | ((x & BOLT_U64(0x5555555555555555)) << 1);
    x = ((x >> 2) & BOLT_U64(0x3333333333333333)) | ((x & BOLT_U64(0x3333333333333333)) << 2);
    x = ((x >> 4) & BOLT_U64(0x0F0F0F0F0F0F0F0F)) | ((x & BOLT_U64(0x0F0F0F0F0F0F0F0F)) << 4);
    x = ((x >> 8) & BOLT_U64(0x00FF00FF00FF00FF)) | ((x & BOLT_U64(0x00FF00FF00FF00FF)) << 8);
    x = ((x >> 16) & BOLT_U64(0x0000FFFF0000FFFF)) | ((x & BOLT_U64(0x0000FFFF0000FFFF)) << 16);
    return (x >> 32) | (x << 32);
}

/* Reduces a wide product into (xh, xl): the high halves come back from their bit reversals. */
BOLT_FN void bolt_gf_reduce(const bolt_gf_wide* w, bu64* xh, bu64* xl)
{
    bolt_gf_reduce_halves(w->lo, bolt_rev64(w->lor) >> 1, w->hi, bolt_rev64(w->hir) >> 1, w->mid, bolt_rev64(w->midr) >> 1, xh, xl);
}
/* Lane-wise bit reversal of 64-bit words. */
BOLT_FN void bolt_rev64_v8(bolt_vec* x)
{
    bolt_vec v = *x;
    v = ((v >> 1) & BOLT_U64(0x5555555555555555)) | ((v & BOLT_U64(0x5555555555555555)) << 1);
    v = ((v >> 2) & BOLT_U64(0x3333333333333333)) | ((v & BOLT_U64(0x3333333333333333)) << 2);
    v = ((v >> 4) & BOLT_U64(0x0F0F0F0F0F0F0F0F)) | ((v & BOLT_U64(0x0F0F0F0F0F0F0F0F)) << 4);
    v = ((v >> 8) & BOLT_U64(0x00FF00FF00FF00FF)) | ((v & BOLT_U64(0x00FF00FF00FF00FF)) << 8);
    v = ((v >> 16) & BOLT_U64(0x0000FFFF0000FFFF)) | ((v & BOLT_U64(0x0000FFFF0000FFFF)) << 16);
    *x = (v >> 32) | (v << 32);
}

/* The low 64 bits of the lane-wise carry-less products of x and y, then XORed across the lanes. Integer products
 * "with holes": each factor split into four masks with one bit in four set, so the carries of an integer product (at
 * most 16 terms per bit) never reach the next bit of the same mask and are masked away. Fixed work, no table. */
BOLT_FN bu64 bolt_clmul_sum(const bolt_vec* x, const bolt_vec* y)
{
    const bu64 m0 = BOLT_U64(0x1111111111111111), m1 = m0 << 1, m2 = m0 << 2, m3 = m0 << 3;
    bolt_vec x0 = *x & m0, x1 = *x & m1, x2 = *x & m2, x3 = *x & m3;
    bolt_vec y0 = *y & m0, y1 = *y & m1, y2 = *y & m2, y3 = *y & m3;
    bolt_vec z = (((x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1)) & m0) | (((x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2)) & m1)
        | (((x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3)) & m2) | (((x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0)) & m3);
    bu64 sum = 0;
    for (int l = 0; l < BOLT_VEC_LANES; l++) sum ^= z[l];
    return sum;
}

/* The powers of H for one aggregated step, lane j holding H^(8-j): halves, their bit reversals, Karatsuba sums. */
typedef struct {
    bolt_vec hi, lo, mid, hir, lor, midr;
} bolt_gf_lanes;
#endif

/* An AES-128-GCM key: round keys (bytes, as callers set them, and words) and the powers of the hash key
 * H = AES(K, 0): pow_hi/pow_lo[i] is H^(i+1). Pages use K_page; frames the session keys. */
typedef struct {
    bu8 rk[BOLT_ROUND_KEY_BYTES];
    bolt_aes_key aes;
    bu64 pow_hi[BOLT_GHASH_LANES];
    bu64 pow_lo[BOLT_GHASH_LANES];
#if !BOLT_CRYPTO_PIPELINED && !BOLT_CRYPTO_AESNI
    bolt_gf_lanes lanes;
#endif
} bolt_gcm_key;

/* One message in progress: the counter block's nonce words, the next counter, the GHASH accumulator, the blocks
 * waiting for the next aggregated step (how many is public: it follows from the lengths) and E(K, J0) for the tag. */
typedef struct {
    bu32 nonce[3];
    bu32 counter;
    bu64 xh, xl;
    bu64 waiting[2 * BOLT_GHASH_LANES];
    int waiting_count;
    bu64 ej0_lo, ej0_hi;
} bolt_gcm_state;

/* One aggregated step: X = (X ^ C1)·H^n ^ C2·H^(n-1) ^ ... ^ Cn·H for the n (1..BOLT_GHASH_LANES, public) blocks
 * c[2i] (hi), c[2i+1] (lo). The blocks sit in the last n lanes, so lane j always multiplies by H^(LANES-j). */
#if BOLT_CRYPTO_PIPELINED
BOLT_FN void bolt_ghash_step(const bolt_gcm_key* k, bolt_gcm_state* st, const bu64* c, int n)
{
    bu64 sh = 0, sl = 0;
    for (int j = 0; j < BOLT_GHASH_LANES; j++) {
        BOLT_CRYPTO_PRAGMA(HLS unroll)
        int i = j - (BOLT_GHASH_LANES - n), used = i >= 0, first = i == 0;
        int at = used ? i : 0;
        bu64 ph = (used ? c[2 * at] : 0) ^ (first ? st->xh : 0), pl = (used ? c[2 * at + 1] : 0) ^ (first ? st->xl : 0);
        bolt_gf_mul(&ph, &pl, k->pow_hi[BOLT_GHASH_LANES - 1 - j], k->pow_lo[BOLT_GHASH_LANES - 1 - j]);
        sh ^= ph;
        sl ^= pl;
    }
    st->xh = sh;
    st->xl = sl;
}
#elif BOLT_CRYPTO_AESNI
/* PCLMULQDQ gives each 64×64-bit carry-less product whole: three per block (Karatsuba), summed over the step's
 * blocks, one reduction. Block i multiplies by H^(n-i). */
BOLT_FN void bolt_ghash_step(const bolt_gcm_key* k, bolt_gcm_state* st, const bu64* c, int n)
{
    bolt_m128 lo = BOLT_M128(0, 0), hi = BOLT_M128(0, 0), mid = BOLT_M128(0, 0);
    for (int i = 0; i < n; i++) {
        bu64 xh = c[2 * i] ^ (i == 0 ? st->xh : 0), xl = c[2 * i + 1] ^ (i == 0 ? st->xl : 0);
        bu64 ph = k->pow_hi[n - 1 - i], pl = k->pow_lo[n - 1 - i];
        bolt_m128 x = BOLT_M128(xl, xh), p = BOLT_M128(pl, ph);
        lo ^= __builtin_ia32_pclmulqdq128(x, p, 0x00);
        hi ^= __builtin_ia32_pclmulqdq128(x, p, 0x11);
        mid ^= __builtin_ia32_pclmulqdq128(BOLT_M128(xl ^ xh, 0), BOLT_M128(pl ^ ph, 0), 0x00);
    }
    bolt_gf_reduce_halves((bu64)lo[0], (bu64)lo[1], (bu64)hi[0], (bu64)hi[1], (bu64)mid[0], (bu64)mid[1], &st->xh, &st->xl);
}
#else
BOLT_FN void bolt_ghash_step(const bolt_gcm_key* k, bolt_gcm_state* st, const bu64* c, int n)
{
    bolt_vec xh = BOLT_VEC(0), xl = BOLT_VEC(0);
    for (int i = 0; i < n; i++) {
        xh[BOLT_GHASH_LANES - n + i] = c[2 * i];
        xl[BOLT_GHASH_LANES - n + i] = c[2 * i + 1];
    }
    xh[BOLT_GHASH_LANES - n] ^= st->xh;
    xl[BOLT_GHASH_LANES - n] ^= st->xl;
    bolt_vec xm = xh ^ xl, xhr = xh, xlr = xl;
    bolt_rev64_v8(&xhr);
    bolt_rev64_v8(&xlr);
    bolt_vec xmr = xhr ^ xlr;
    const bolt_gf_lanes* f = &k->lanes;
    bolt_gf_wide w;
    w.lo = bolt_clmul_sum(&xl, &f->lo);
    w.hi = bolt_clmul_sum(&xh, &f->hi);
    w.mid = bolt_clmul_sum(&xm, &f->mid);
    w.lor = bolt_clmul_sum(&xlr, &f->lor);
    w.hir = bolt_clmul_sum(&xhr, &f->hir);
    w.midr = bolt_clmul_sum(&xmr, &f->midr);
    bolt_gf_reduce(&w, &st->xh, &st->xl);
}

#endif

/* GHASH input, one block at a time: a step runs whenever BOLT_GHASH_LANES blocks wait (a public count). */
BOLT_FN void bolt_ghash_push(const bolt_gcm_key* k, bolt_gcm_state* st, bu64 ch, bu64 cl)
{
    st->waiting[2 * st->waiting_count] = ch;
    st->waiting[2 * st->waiting_count + 1] = cl;
    st->waiting_count++;
    if (st->waiting_count == BOLT_GHASH_LANES) {
        bolt_ghash_step(k, st, st->waiting, BOLT_GHASH_LANES);
        st->waiting_count = 0;
    }
}

BOLT_FN void bolt_ghash_flush(const bolt_gcm_key* k, bolt_gcm_state* st)
{
    if (st->waiting_count > 0) bolt_ghash_step(k, st, st->waiting, st->waiting_count);
    st->waiting_count = 0;
}

#if !BOLT_CRYPTO_PIPELINED
/* n blocks at once (c: ch, cl pairs): the waiting ones hashed first, then whole steps straight from c, the rest left
 * waiting. Every grouping gives the same GHASH (each step is Horner's rule over its blocks); this one skips most of
 * the copying through the waiting buffer. All counts are public. */
BOLT_FN void bolt_ghash_blocks(const bolt_gcm_key* k, bolt_gcm_state* st, const bu64* c, int n)
{
    int i = 0;
    bolt_ghash_flush(k, st);
    for (; i + BOLT_GHASH_LANES <= n; i += BOLT_GHASH_LANES) bolt_ghash_step(k, st, c + 2 * i, BOLT_GHASH_LANES);
    for (; i < n; i++) bolt_ghash_push(k, st, c[2 * i], c[2 * i + 1]);
}
#endif

/* ---- AES-128-GCM ---- */

BOLT_FN void bolt_gcm_begin(bolt_gcm_state* st, const bu8* nonce)
{
    for (int i = 0; i < 3; i++) st->nonce[i] = bolt_le32(nonce + 4 * i);
    st->counter = 2;
    st->xh = 0;
    st->xl = 0;
    st->waiting_count = 0;
    st->ej0_lo = 0;
    st->ej0_hi = 0;
}

/* Completes a key whose rk bytes are set: round-key words, H and its powers. */
BOLT_FN void bolt_gcm_init(bolt_gcm_key* k)
{
    bu32 zero[4] = {0, 0, 0, 0};
    bolt_aes_key_from_bytes(k->rk, &k->aes);
    bolt_aes_block(&k->aes, zero);
    k->pow_hi[0] = ((bu64)bolt_bswap32(zero[0]) << 32) | bolt_bswap32(zero[1]);
    k->pow_lo[0] = ((bu64)bolt_bswap32(zero[2]) << 32) | bolt_bswap32(zero[3]);
    for (int i = 1; i < BOLT_GHASH_LANES; i++) {
        bu64 ph = k->pow_hi[i - 1], pl = k->pow_lo[i - 1];
        bolt_gf_mul(&ph, &pl, k->pow_hi[0], k->pow_lo[0]);
        k->pow_hi[i] = ph;
        k->pow_lo[i] = pl;
    }
#if !BOLT_CRYPTO_PIPELINED && !BOLT_CRYPTO_AESNI
    bolt_gf_lanes* f = &k->lanes;
    for (int j = 0; j < BOLT_GHASH_LANES; j++) {
        f->hi[j] = k->pow_hi[BOLT_GHASH_LANES - 1 - j];
        f->lo[j] = k->pow_lo[BOLT_GHASH_LANES - 1 - j];
    }
    f->mid = f->hi ^ f->lo;
    f->hir = f->hi;
    f->lor = f->lo;
    bolt_rev64_v8(&f->hir);
    bolt_rev64_v8(&f->lor);
    f->midr = f->hir ^ f->lor;
#endif
}

/* Sets a GCM key from 16 key bytes. */
BOLT_FN void bolt_gcm_setkey(bolt_gcm_key* k, const bu8* key)
{
    bolt_aes_expand(key, k->rk);
    bolt_gcm_init(k);
}

/* The AAD (a public length; zero padded to whole blocks), from a private buffer. */
BOLT_FN void bolt_gcm_aad(const bolt_gcm_key* k, bolt_gcm_state* st, const bu8* aad, bu64 aad_len)
{
    for (bu64 off = 0; off < aad_len; off += 16) {
        bu8 b[16];
        for (bu64 i = 0; i < 16; i++) b[i] = off + i < aad_len ? aad[off + i] : (bu8)0;
        bolt_ghash_push(k, st, bolt_be64(b), bolt_be64(b + 8));
    }
}

/* Data blocks per chunk of the pass: on a processor a chunk's counter blocks and J0 fill one bitsliced batch; on the
 * FPGA a chunk is one burst of private words (its blocks stream through the pipelined loop). */
#if BOLT_CRYPTO_PIPELINED
#define BOLT_GCM_CHUNK 32
#else
#define BOLT_GCM_CHUNK (BOLT_AES_BATCH - 1)
#endif

/* One chunk of n (0..BOLT_GCM_CHUNK, public) blocks as LE word pairs d[2i], d[2i+1], in place: seal = CTR then GHASH
 * of the ciphertext; open = GHASH of the ciphertext then CTR. Also leaves E(K, J0) in the state for the tag. */
BOLT_FN void bolt_gcm_chunk(const bolt_gcm_key* k, bolt_gcm_state* st, bu64* d, int n, int seal)
{
    bu64 nonce_lo = (bu64)st->nonce[0] | ((bu64)st->nonce[1] << 32), nonce_hi = st->nonce[2];
#if BOLT_CRYPTO_PIPELINED
    /* The FPGA encrypts each block's counter in the pipelined loop below (one block per cycle). */
    bu32 j0[4] = {st->nonce[0], st->nonce[1], st->nonce[2], bolt_bswap32(1)};
    bolt_aes_block(&k->aes, j0);
    st->ej0_lo = (bu64)j0[0] | ((bu64)j0[1] << 32);
    st->ej0_hi = (bu64)j0[2] | ((bu64)j0[3] << 32);
#else
    /* The counters of the chunk's blocks in slots 0..BOLT_GCM_CHUNK-1, J0 in the last slot: one keystream batch. */
    bu64 ks[2 * BOLT_AES_BATCH];
    for (int i = 0; i < BOLT_GCM_CHUNK; i++) {
        ks[2 * i] = nonce_lo;
        ks[2 * i + 1] = nonce_hi | ((bu64)bolt_bswap32(st->counter + (bu32)i) << 32);
    }
    ks[2 * BOLT_GCM_CHUNK] = nonce_lo;
    ks[2 * BOLT_GCM_CHUNK + 1] = nonce_hi | ((bu64)bolt_bswap32(1) << 32);
#if BOLT_CRYPTO_AESNI
    bolt_aes_lohi(&k->aes, ks, n); /* the instruction has no batch: only the blocks used, and J0 */
    bolt_aes_lohi(&k->aes, ks + 2 * BOLT_GCM_CHUNK, 1);
#else
    bolt_aes_lohi(&k->aes, ks, BOLT_AES_BATCH);
#endif
    st->ej0_lo = ks[2 * BOLT_GCM_CHUNK];
    st->ej0_hi = ks[2 * BOLT_GCM_CHUNK + 1];
#endif
    for (int i = 0; i < n; i++) {
        BOLT_CRYPTO_PRAGMA(HLS pipeline II = 1)
#if BOLT_CRYPTO_PIPELINED
        bu32 ctr[4] = {st->nonce[0], st->nonce[1], st->nonce[2], bolt_bswap32(st->counter + (bu32)i)};
        bolt_aes_block(&k->aes, ctr);
        bu64 k0 = (bu64)ctr[0] | ((bu64)ctr[1] << 32), k1 = (bu64)ctr[2] | ((bu64)ctr[3] << 32);
        (void)nonce_lo;
        (void)nonce_hi;
#else
        bu64 k0 = ks[2 * i], k1 = ks[2 * i + 1];
#endif
        bu64 c0 = seal ? d[2 * i] ^ k0 : d[2 * i], c1 = seal ? d[2 * i + 1] ^ k1 : d[2 * i + 1];
        d[2 * i] ^= k0;
        d[2 * i + 1] ^= k1;
#if BOLT_CRYPTO_PIPELINED
        bolt_ghash_push(k, st, bolt_bswap64(c0), bolt_bswap64(c1));
#else
        /* The ciphertext's GHASH words, in the keystream slots already used: hashed after the loop, a step at a time. */
        ks[2 * i] = bolt_bswap64(c0);
        ks[2 * i + 1] = bolt_bswap64(c1);
#endif
    }
#if !BOLT_CRYPTO_PIPELINED
    bolt_ghash_blocks(k, st, ks, n);
#endif
    st->counter += (bu32)n;
}

/* The length block, then Tag = S ^ AES(K, J0), as 16 bytes. */
BOLT_FN void bolt_gcm_finish(const bolt_gcm_key* k, bolt_gcm_state* st, bu64 aad_len, bu64 len, bu8* tag)
{
    bolt_ghash_push(k, st, aad_len * 8, len * 8);
    bolt_ghash_flush(k, st);
    bolt_put64(tag, st->ej0_lo ^ bolt_bswap64(st->xh));
    bolt_put64(tag + 8, st->ej0_hi ^ bolt_bswap64(st->xl));
}

/* The whole data pass over a private buffer: len (a multiple of 16, public) bytes, at least one chunk (J0). */
BOLT_FN void bolt_gcm_pass_local(const bolt_gcm_key* k, bolt_gcm_state* st, bu8* data, bu64 len, int seal)
{
    bu64 blocks = len / 16, b = 0;
    bu64 d[2 * BOLT_GCM_CHUNK];
    do {
        BOLT_CRYPTO_PRAGMA(HLS loop_tripcount max = BOLT_GCM_MAX_BLOCKS / BOLT_GCM_CHUNK)
        int n = blocks - b < BOLT_GCM_CHUNK ? (int)(blocks - b) : BOLT_GCM_CHUNK;
        for (int i = 0; i < 2 * n; i++) d[i] = bolt_le64(data + 16 * b + 8 * (bu64)i);
        bolt_gcm_chunk(k, st, d, n, seal);
        for (int i = 0; i < 2 * n; i++) bolt_put64(data + 16 * b + 8 * (bu64)i, d[i]);
        b += (bu64)n;
    } while (b < blocks);
}

/* 1 when the 16-byte tags are equal; reads every byte (no early exit). */
BOLT_FN int bolt_tag_equal(const bu8* a, const bu8* b)
{
    bu32 diff = 0;
    for (int i = 0; i < 16; i++) diff |= (bu32)(a[i] ^ b[i]);
    return (int)(((diff - 1u) >> 31) & 1u);
}

/* Seals len bytes (a multiple of 16, public) of a private buffer in place, with aad_len (public) bytes of AAD. */
BOLT_FN void bolt_gcm_seal_local_aad(const bolt_gcm_key* k, const bu8* nonce, const bu8* aad, bu64 aad_len, bu8* data, bu64 len, bu8* tag)
{
    bolt_gcm_state st;
    bolt_gcm_begin(&st, nonce);
    bolt_gcm_aad(k, &st, aad, aad_len);
    bolt_gcm_pass_local(k, &st, data, len, 1);
    bolt_gcm_finish(k, &st, aad_len, len, tag);
}

/* Verifies and decrypts a private buffer in place, always decrypting (the time does not depend on the verdict);
 * returns 1 when the tag is authentic. */
BOLT_FN int bolt_gcm_open_local_aad(const bolt_gcm_key* k, const bu8* nonce, const bu8* aad, bu64 aad_len, bu8* data, bu64 len, const bu8* tag)
{
    bolt_gcm_state st;
    bu8 expected[16];
    bolt_gcm_begin(&st, nonce);
    bolt_gcm_aad(k, &st, aad, aad_len);
    bolt_gcm_pass_local(k, &st, data, len, 0);
    bolt_gcm_finish(k, &st, aad_len, len, expected);
    return bolt_tag_equal(expected, tag);
}

/* A page: the AAD is its 16-byte header. */
BOLT_FN inline void bolt_gcm_seal_local(const bolt_gcm_key* k, const bu8* nonce, const bu8* aad, bu8* data, bu64 len, bu8* tag)
{
    bolt_gcm_seal_local_aad(k, nonce, aad, 16, data, len, tag);
}

BOLT_FN inline int bolt_gcm_open_local(const bolt_gcm_key* k, const bu8* nonce, const bu8* aad, bu8* data, bu64 len, const bu8* tag)
{
    return bolt_gcm_open_local_aad(k, nonce, aad, 16, data, len, tag);
}

/* ---- the same over global (HBM / host) buffers, a chunk at a time through private words ---- */

/* Copies the AAD (at most 32 bytes in every caller) into a private buffer. */
#define BOLT_GCM_MAX_AAD 32

BOLT_FN void bolt_gcm_begin_global(const bolt_gcm_key* k, bolt_gcm_state* st, const bu8* nonce, BOLT_GLOBAL const bu8* aad, bu64 aad_len)
{
    bu8 a[BOLT_GCM_MAX_AAD];
    for (bu64 i = 0; i < aad_len && i < BOLT_GCM_MAX_AAD; i++) a[i] = aad[i];
    bolt_gcm_begin(st, nonce);
    bolt_gcm_aad(k, st, a, aad_len < BOLT_GCM_MAX_AAD ? aad_len : BOLT_GCM_MAX_AAD);
}

/* Eight bytes of global memory as a LE word, and back (BOLT_NATIVE_WORDS: one load or store; else fixed 8-byte trips:
 * a byte copy of variable length would become memcpy or a pointer-compared loop, branching on the page address). */
BOLT_FN bu64 bolt_gload64(BOLT_GLOBAL const bu8* p)
{
    BOLT_LOAD64_BODY(p);
}

BOLT_FN void bolt_gstore64(BOLT_GLOBAL bu8* p, bu64 v)
{
    BOLT_STORE64_BODY(p, v);
}

/* in → out (may be the same) over len bytes, a multiple of 16. */
BOLT_FN void bolt_gcm_pass_global(const bolt_gcm_key* k, bolt_gcm_state* st, BOLT_GLOBAL const bu8* in, BOLT_GLOBAL bu8* out, bu64 len, int seal)
{
    bu64 blocks = len / 16, b = 0;
    bu64 d[2 * BOLT_GCM_CHUNK];
    do {
        BOLT_CRYPTO_PRAGMA(HLS loop_tripcount max = BOLT_GCM_MAX_BLOCKS / BOLT_GCM_CHUNK)
        int n = blocks - b < BOLT_GCM_CHUNK ? (int)(blocks - b) : BOLT_GCM_CHUNK;
        for (int i = 0; i < 2 * n; i++) d[i] = bolt_gload64(in + 16 * b + 8 * (bu64)i);
        bolt_gcm_chunk(k, st, d, n, seal);
        for (int i = 0; i < 2 * n; i++) bolt_gstore64(out + 16 * b + 8 * (bu64)i, d[i]);
        b += (bu64)n;
    } while (b < blocks);
}

/* Seals len bytes of plain (global; may equal ct) into ct and writes the tag to tag_out. */
BOLT_FN void bolt_gcm_seal(const bolt_gcm_key* k, const bu8* nonce, BOLT_GLOBAL const bu8* aad, bu64 aad_len, BOLT_GLOBAL const bu8* plain,
    BOLT_GLOBAL bu8* ct, bu64 len, BOLT_GLOBAL bu8* tag_out)
{
    bolt_gcm_state st;
    bu8 tag[16];
    bolt_gcm_begin_global(k, &st, nonce, aad, aad_len);
    bolt_gcm_pass_global(k, &st, plain, ct, len, 1);
    bolt_gcm_finish(k, &st, aad_len, len, tag);
    for (int i = 0; i < 16; i++) tag_out[i] = tag[i];
}

/* Verifies the tag of ct in constant time, then decrypts into plain (always, so the time does not depend on the
 * verdict); returns 1 when the tag is authentic. */
BOLT_FN int bolt_gcm_open(const bolt_gcm_key* k, const bu8* nonce, BOLT_GLOBAL const bu8* aad, bu64 aad_len, BOLT_GLOBAL const bu8* ct,
    BOLT_GLOBAL bu8* plain, bu64 len, BOLT_GLOBAL const bu8* tag_in)
{
    bolt_gcm_state st;
    bu8 expected[16], tag[16];
    bolt_gcm_begin_global(k, &st, nonce, aad, aad_len);
    bolt_gcm_pass_global(k, &st, ct, plain, len, 0);
    bolt_gcm_finish(k, &st, aad_len, len, expected);
    for (int i = 0; i < 16; i++) tag[i] = tag_in[i];
    return bolt_tag_equal(expected, tag);
}

#endif
