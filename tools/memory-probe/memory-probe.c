/*
 * What one random memory access costs on this machine, the figures behind the simulator's growth of cost per op
 * with N (README "Simulator speed"). Two probes on 2 MiB-aligned memory advised for transparent huge pages:
 *   1. latency: a dependent chain of loads through every 64-byte line of a region, in random order, for region
 *      sizes from 2 MiB up; where it jumps is the end of the caches this machine really gives the process;
 *   2. translation: the same chain through 1 MiB of lines (it fits L2), packed 64 to a 4 KiB page down to one per
 *      page, the pages drawn at random from 256 MiB. With the TLB holding 2 MiB translations it would stay flat (128 huge
 *      pages); a rise means translations are cached per 4 KiB page (a virtual machine whose host backs guest memory
 *      with 4 KiB pages), so every random access to a new 4 KiB page pays a page walk.
 * Build and run: scripts/memory-probe.sh
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

enum { Line = 64, HugePage = 2 << 20, Steps = 4000000 };

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static char *huge_region(size_t bytes)
{
    char *raw = mmap(NULL, bytes + HugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    char *region = (char *)(((uintptr_t)raw + HugePage - 1) & ~(uintptr_t)(HugePage - 1));
    madvise(region, bytes, MADV_HUGEPAGE);
    memset(region, 1, bytes);
    return region;
}

/* Puts values[0..count) in a random order (Fisher-Yates, seeded so runs compare). */
static void shuffle(size_t *values, size_t count, unsigned seed)
{
    srand(seed);
    for (size_t i = count - 1; i > 0; i--) {
        size_t j = ((size_t)rand() * ((size_t)RAND_MAX + 1) + (size_t)rand()) % (i + 1);
        size_t t = values[i];
        values[i] = values[j];
        values[j] = t;
    }
}

/* Links the given byte offsets into one random cycle and returns the mean ns per dependent load around it. */
static double chase(char *region, size_t *offsets, size_t count)
{
    shuffle(offsets, count, 7);
    for (size_t i = 0; i < count; i++)
        *(uint64_t *)(region + offsets[i]) = offsets[(i + 1) % count];
    uint64_t at = offsets[0];
    for (size_t i = 0; i < count; i++) /* warm the caches and the TLB once round */
        at = *(volatile uint64_t *)(region + at);
    double start = seconds();
    for (size_t i = 0; i < Steps; i++)
        at = *(volatile uint64_t *)(region + at);
    return (seconds() - start) / Steps * 1e9;
}

int main(void)
{
    size_t largest = 512u << 20;
    char *region = huge_region(largest);
    size_t *offsets = malloc(largest / Line * sizeof *offsets);
    FILE *rollup = fopen("/proc/self/smaps_rollup", "r"); /* how much of the region the kernel gave huge pages */
    char text[256];
    while (rollup && fgets(text, sizeof text, rollup))
        if (strncmp(text, "AnonHugePages:", 14) == 0)
            printf("huge pages: %s", text + 14);
    if (rollup)
        fclose(rollup);

    printf("1. random dependent loads over a region (every line of it)\n");
    for (size_t bytes = 2u << 20; bytes <= largest; bytes *= 2) {
        size_t count = bytes / Line;
        for (size_t i = 0; i < count; i++)
            offsets[i] = i * Line;
        printf("   %4zu MiB: %6.1f ns per load\n", bytes >> 20, chase(region, offsets, count));
    }

    printf("2. random dependent loads over the same 1 MiB of lines (it fits L2), packed into more and more 4 KiB pages\n");
    size_t lines = (1u << 20) / Line, spread_pages = (256u << 20) / 4096;
    size_t *pages_at = malloc(spread_pages * sizeof *pages_at); /* random distinct pages, so no cache set is crowded */
    for (size_t j = 0; j < spread_pages; j++)
        pages_at[j] = j;
    shuffle(pages_at, spread_pages, 11);
    for (size_t per_page = 64; per_page >= 1; per_page /= 4) {
        for (size_t i = 0; i < lines; i++) {
            size_t page = i / per_page, line = (i % per_page + page) % 64;
            offsets[i] = pages_at[page] * 4096 + line * Line;
        }
        printf("   %5zu pages, %2zu lines each: %6.1f ns per load\n", lines / per_page, per_page, chase(region, offsets, lines));
    }
    return 0;
}
