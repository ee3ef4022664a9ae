// A minimal stand-in for Vitis HLS's ap_uint<W> (ap_int.h), only so CI can compile the HLS top with g++
// (hardware/hls/Makefile). It models what the top uses: W-bit unsigned words of 64-bit limbs, zero-initialised,
// and range(hi, lo) reads and writes of at most 64 bits inside one limb. Vitis HLS uses its own header instead.
#ifndef BOLT_AP_INT_STAND_IN_H
#define BOLT_AP_INT_STAND_IN_H
#include <cstdint>

template <int W> struct ap_uint {
    static_assert(W % 64 == 0, "the stand-in models multiples of 64 bits only");
    uint64_t limb[W / 64] = {};

    struct range_ref {
        ap_uint& word;
        int hi, lo;
        operator uint64_t() const { return (word.limb[lo / 64] >> (lo % 64)) & mask(); }
        range_ref& operator=(uint64_t v)
        {
            uint64_t m = mask() << (lo % 64);
            word.limb[lo / 64] = (word.limb[lo / 64] & ~m) | ((v << (lo % 64)) & m);
            return *this;
        }
        uint64_t mask() const { return hi - lo + 1 >= 64 ? ~uint64_t{0} : ((uint64_t{1} << (hi - lo + 1)) - 1); }
    };
    range_ref range(int hi, int lo) { return range_ref{*this, hi, lo}; }
    uint64_t range(int hi, int lo) const { return range_ref{const_cast<ap_uint&>(*this), hi, lo}; }
};

#endif
