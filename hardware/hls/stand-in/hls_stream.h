// A minimal stand-in for Vitis HLS's hls::stream<T> (hls_stream.h), only so CI can compile the HLS top with g++
// (hardware/hls/Makefile): a FIFO with read, write and empty. Vitis HLS uses its own header instead.
#ifndef BOLT_HLS_STREAM_STAND_IN_H
#define BOLT_HLS_STREAM_STAND_IN_H
#include <deque>

namespace hls {
template <typename T> class stream {
public:
    void write(const T& v) { fifo_.push_back(v); }
    T read()
    {
        T v = fifo_.front();
        fifo_.pop_front();
        return v;
    }
    bool empty() const { return fifo_.empty(); }

private:
    std::deque<T> fifo_;
};
} // namespace hls

#endif
