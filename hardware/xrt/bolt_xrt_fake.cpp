// A stand-in for XRT behind bolt_xrt_shim.h, so XrtDevice's host code runs in CI without a board. It is strict
// where XRT's contract is easy to break from the host:
//   - every buffer has a host mapping and a separate "device" copy; only bolt_xrt_sync moves bytes between them,
//     so a missing or mis-ranged sync changes what the kernel sees and co-simulation catches it;
//   - the "xclbin" is a v++ connectivity file: its nk= line names the kernel and its compute unit, its sp= lines
//     (sp=CU.PORT:HBM[n] or HOST[0]) the memory group of every buffer port; a kernel name the file or this library
//     does not have, or a port without an sp= line, is refused at open;
//   - a buffer allocated host_only for an HBM port, or the reverse, is refused; so is binding a buffer to a port
//     connected to another memory group than the buffer's (XRT refuses a bo in a bank the port cannot reach);
//   - a run needs every argument bound, and calls the kernel's C-simulation build (bolt_kernel.c as C++).
// Built with -DBOLT_XRT_FAKE_HLS_TOP (libbolt_xrt_fake.so, the default the tests use) the library's kernel is the
// Vitis HLS top (hardware/hls, bolt_hls_top: bolt_kernel's 19 arguments, then host_rd, posmap_rd and versions_rd),
// run with each host-memory buffer as 512-bit beats; without it (libbolt_xrt_fake_kernel.so) it is bolt_kernel.
// Whatever buffer the host binds to a port is what that port reads: a host that bound host_rd, posmap_rd or
// versions_rd to another buffer than host, posmap or versions would be caught by co-simulation.
#include "bolt_xrt_shim.h"

#ifdef BOLT_XRT_FAKE_HLS_TOP
#include "../hls/bolt_hls_top.cpp"
#else
#include "../kernel/bolt_kernel.c"
#endif

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

// The kernel's arguments, in order: 15 buffers, then mode, count, link_in, link_out (bolt_kernel), then the HLS top's
// three second ports. Empty names are the scalars.
const char* const kPorts[] = {"state", "posmap", "records", "freelist", "loads", "versions", "pending", "scratch", "frame", "cmds", "rsps", "host", "trace",
    "config", "pub", "", "", "", "", "host_rd", "posmap_rd", "versions_rd"};
#ifdef BOLT_XRT_FAKE_HLS_TOP
const char* const kKernel = "bolt_hls_top";
constexpr uint32_t kArgs = 22;
#else
const char* const kKernel = "bolt_kernel";
constexpr uint32_t kArgs = 19;
#endif
constexpr uint32_t kHost = 11, kHostRead = 19, kPositionMapRead = 20, kVersionsRead = 21;
constexpr int32_t kHostGroup = 32; // the U55C's memory index after its 32 HBM pseudo-channels

bool is_buffer(uint32_t arg) { return arg < kArgs && kPorts[arg][0] != '\0'; }

struct Buffer {
    std::vector<bu8> host, device;
    int32_t group = -1;
    bool live = false;
    bool device_only = false; // a device-private buffer (SPEC §11): no host mapping, every sync refused
};

} // namespace

struct bolt_xrt {
    int32_t groups[kArgs];
    std::vector<Buffer> buffers;
    int bound_buffer[kArgs];
    uint64_t scalar[kArgs];
    bool bound[kArgs];
    std::string error;
};

namespace {

int fail(bolt_xrt* x, int code, const std::string& why)
{
    x->error = why;
    return code;
}

bool valid(bolt_xrt* x, int buffer) { return buffer >= 0 && (size_t)buffer < x->buffers.size() && x->buffers[buffer].live; }

// "nk=bolt_hls_top:1:bolt_hls_top_1" names the kernel and its compute unit; "sp=bolt_hls_top_1.state:HBM[0]" ->
// groups[0] = 0; HOST[0] -> kHostGroup.
bool read_connectivity(const char* path, const char* kernel_name, int32_t* groups, std::string& why)
{
    std::ifstream in(path);
    if (!in) {
        why = std::string("cannot read ") + path;
        return false;
    }
    for (uint32_t i = 0; i < kArgs; i++) groups[i] = -1;
    std::string line, kernel, unit;
    std::vector<std::string> lines;
    while (std::getline(in, line)) {
        if (line.compare(0, 3, "nk=") == 0) {
            size_t first = line.find(':'), last = line.rfind(':');
            kernel = line.substr(3, first - 3);
            unit = line.substr(last + 1);
        }
        lines.push_back(line);
    }
    if (kernel != kernel_name) {
        why = std::string("the xclbin ") + path + " has no kernel " + kernel_name + (kernel.empty() ? "" : " (it has " + kernel + ")");
        return false;
    }
    if (kernel != kKernel) {
        why = std::string("this fake runs ") + kKernel + ", not " + kernel;
        return false;
    }
    const std::string prefix = "sp=" + unit + ".";
    for (const std::string& l : lines) {
        if (l.compare(0, prefix.size(), prefix) != 0) continue;
        size_t colon = l.find(':');
        std::string port = l.substr(prefix.size(), colon - prefix.size()), bank = l.substr(colon + 1);
        for (uint32_t i = 0; i < kArgs; i++) {
            if (!is_buffer(i) || port != kPorts[i]) continue;
            groups[i] = bank.rfind("HOST[", 0) == 0 ? kHostGroup : std::atoi(bank.c_str() + 4);
        }
    }
    for (uint32_t i = 0; i < kArgs; i++) {
        if (is_buffer(i) && groups[i] < 0) {
            why = std::string("no sp= line for port ") + kPorts[i] + " of " + unit + " in " + path;
            return false;
        }
    }
    return true;
}

// The host-memory buffer bound to argument `arg` as the 512-bit beats the top's ports carry (one vector per buffer, so
// two ports bound to one buffer see one memory), and back.
#ifdef BOLT_XRT_FAKE_HLS_TOP
std::vector<bolt_beat> to_beats(const std::vector<bu8>& bytes)
{
    std::vector<bolt_beat> beats((bytes.size() + BOLT_HLS_BEAT_BYTES - 1) / BOLT_HLS_BEAT_BYTES);
    for (size_t b = 0; b < bytes.size(); b++) bolt_hls_set_byte(beats.data(), b, bytes[b]);
    return beats;
}

void from_beats(const std::vector<bolt_beat>& beats, std::vector<bu8>& bytes)
{
    for (size_t b = 0; b < bytes.size(); b++) bytes[b] = bolt_hls_byte(beats.data(), b);
}
#endif

} // namespace

extern "C" int bolt_xrt_open(uint32_t index, const char* xclbin, const char* kernel_name, bolt_xrt** out, char* err, size_t errlen)
{
    *out = nullptr;
    std::string why;
    auto* x = new bolt_xrt();
    if (index != 0)
        why = "the fake has one device, index 0";
    else
        read_connectivity(xclbin, kernel_name, x->groups, why);
    if (!why.empty()) {
        delete x;
        if (errlen > 0) std::snprintf(err, errlen, "%s", why.c_str());
        return BOLT_XRT_E_OPEN;
    }
    for (uint32_t i = 0; i < kArgs; i++) x->bound[i] = false;
    *out = x;
    return 0;
}

extern "C" int bolt_xrt_alloc(bolt_xrt* x, uint32_t arg, uint64_t bytes, int host_only, void** mapped, int32_t* group)
{
    if (!is_buffer(arg)) return fail(x, BOLT_XRT_E_ARGUMENT, "argument " + std::to_string(arg) + " is not a buffer");
    if (bytes == 0) return fail(x, BOLT_XRT_E_ARGUMENT, "a buffer needs at least one byte");
    if ((x->groups[arg] == kHostGroup) != (host_only == BOLT_XRT_HOST_ONLY))
        return fail(x, BOLT_XRT_E_ALLOC, std::string("port ") + kPorts[arg] + (host_only == BOLT_XRT_HOST_ONLY ? " is connected to HBM, not HOST[0]" : " is connected to HOST[0]: allocate it host_only"));
    Buffer b;
    b.host.assign(host_only == BOLT_XRT_DEVICE_ONLY ? 0 : bytes, 0xA5); // XRT gives no zeroed memory either
    b.device.assign(bytes, 0x5A);
    b.group = x->groups[arg];
    b.live = true;
    b.device_only = host_only == BOLT_XRT_DEVICE_ONLY;
    x->buffers.push_back(std::move(b));
    *mapped = b.device_only ? nullptr : x->buffers.back().host.data();
    *group = x->groups[arg];
    return (int)x->buffers.size() - 1;
}

extern "C" int bolt_xrt_sync(bolt_xrt* x, int buffer, int direction, uint64_t offset, uint64_t bytes)
{
    if (!valid(x, buffer) || offset + bytes > x->buffers[buffer].device.size()) return fail(x, BOLT_XRT_E_ARGUMENT, "sync outside the buffer");
    Buffer& b = x->buffers[buffer];
    if (b.device_only) return fail(x, BOLT_XRT_E_ARGUMENT, "a device-only buffer cannot be synced: the host may not read or write it");
    if (direction == BOLT_XRT_TO_DEVICE)
        std::memcpy(b.device.data() + offset, b.host.data() + offset, bytes);
    else
        std::memcpy(b.host.data() + offset, b.device.data() + offset, bytes);
    return 0;
}

extern "C" int bolt_xrt_set_buffer(bolt_xrt* x, uint32_t arg, int buffer)
{
    if (!is_buffer(arg) || !valid(x, buffer)) return fail(x, BOLT_XRT_E_ARGUMENT, "no such buffer or argument");
    if (x->buffers[buffer].group != x->groups[arg])
        return fail(x, BOLT_XRT_E_ARGUMENT, std::string("port ") + kPorts[arg] + " is connected to memory group " + std::to_string(x->groups[arg])
                + ", the buffer is in group " + std::to_string(x->buffers[buffer].group) + ": fix the sp= lines");
    x->bound_buffer[arg] = buffer;
    x->bound[arg] = true;
    return 0;
}

extern "C" int bolt_xrt_set_scalar(bolt_xrt* x, uint32_t arg, uint64_t value, uint32_t bytes)
{
    if (arg >= kArgs || is_buffer(arg)) return fail(x, BOLT_XRT_E_ARGUMENT, "argument " + std::to_string(arg) + " is not a scalar");
    uint32_t expected = arg <= 16 ? 4 : 8; // mode, count: u32; link_in, link_out: u64
    if (bytes != expected) return fail(x, BOLT_XRT_E_ARGUMENT, "scalar argument " + std::to_string(arg) + " is " + std::to_string(expected) + " bytes");
    x->scalar[arg] = value;
    x->bound[arg] = true;
    return 0;
}

extern "C" int bolt_xrt_run(bolt_xrt* x, uint32_t)
{
    bu8* d[kArgs];
    for (uint32_t i = 0; i < kArgs; i++) {
        if (!x->bound[i]) return fail(x, BOLT_XRT_E_RUN, "argument " + std::to_string(i) + " is not bound");
        d[i] = nullptr;
        if (is_buffer(i)) {
            if (!valid(x, x->bound_buffer[i])) return fail(x, BOLT_XRT_E_RUN, "argument " + std::to_string(i) + " was released");
            d[i] = x->buffers[x->bound_buffer[i]].device.data();
        }
    }
#ifdef BOLT_XRT_FAKE_HLS_TOP
    std::vector<bu8>& host = x->buffers[x->bound_buffer[kHost]].device;
    std::vector<bolt_beat> beats = to_beats(host), other;
    bool shared = x->bound_buffer[kHostRead] == x->bound_buffer[kHost];
    if (!shared) other = to_beats(x->buffers[x->bound_buffer[kHostRead]].device);
    bolt_hls_top(reinterpret_cast<bu64*>(d[0]), reinterpret_cast<bu64*>(d[1]), d[2], reinterpret_cast<bu32*>(d[3]), reinterpret_cast<bu16*>(d[4]),
        reinterpret_cast<bu64*>(d[5]), reinterpret_cast<bu32*>(d[6]), d[7], d[8], d[9], d[10], beats.data(), reinterpret_cast<bu64*>(d[12]),
        reinterpret_cast<const bu64*>(d[13]), reinterpret_cast<bu64*>(d[14]), (bu32)x->scalar[15], (bu32)x->scalar[16], x->scalar[17], x->scalar[18],
        shared ? beats.data() : other.data(), reinterpret_cast<const bu64*>(d[kPositionMapRead]), reinterpret_cast<const bu64*>(d[kVersionsRead]));
    from_beats(beats, host);
#else
    bolt_kernel(reinterpret_cast<bu64*>(d[0]), reinterpret_cast<bu64*>(d[1]), d[2], reinterpret_cast<bu32*>(d[3]),
        reinterpret_cast<bu16*>(d[4]), reinterpret_cast<bu64*>(d[5]), reinterpret_cast<bu32*>(d[6]), d[7], d[8], d[9], d[10], d[11],
        reinterpret_cast<bu64*>(d[12]), reinterpret_cast<const bu64*>(d[13]), reinterpret_cast<bu64*>(d[14]), (bu32)x->scalar[15],
        (bu32)x->scalar[16], x->scalar[17], x->scalar[18]);
#endif
    return 0;
}

extern "C" int bolt_xrt_release(bolt_xrt* x, int buffer)
{
    if (!valid(x, buffer)) return fail(x, BOLT_XRT_E_ARGUMENT, "no such buffer");
    x->buffers[buffer] = Buffer();
    return 0;
}

extern "C" const char* bolt_xrt_last_error(bolt_xrt* x) { return x->error.c_str(); }

extern "C" void bolt_xrt_close(bolt_xrt* x) { delete x; }
