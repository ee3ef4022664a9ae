// The real shim: bolt_xrt_shim.h over XRT's native C++ API (xrt::device, xrt::kernel, xrt::bo, xrt::run).
// Built by hardware/xrt/Makefile only where XRT's headers are installed ($XILINX_XRT/include/xrt). Not run
// in Bolt's CI (no XRT there); the fake in bolt_xrt_fake.cpp implements the same ABI for the host's tests.
#include "bolt_xrt_shim.h"

#include <xrt/xrt_bo.h>
#include <xrt/xrt_device.h>
#include <xrt/xrt_kernel.h>

#include <chrono>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

struct bolt_xrt {
    xrt::device device;
    xrt::kernel kernel;
    xrt::run run;
    std::vector<xrt::bo> buffers; // a released slot holds a default (null) bo
    std::vector<uint64_t> sizes;
    std::string error;
};

namespace {

int fail(bolt_xrt* x, int code, const std::string& why)
{
    x->error = why;
    return code;
}

bool valid(bolt_xrt* x, int buffer) { return buffer >= 0 && (size_t)buffer < x->buffers.size() && x->sizes[buffer] != 0; }

} // namespace

extern "C" int bolt_xrt_open(uint32_t index, const char* xclbin, const char* kernel_name, bolt_xrt** out, char* err, size_t errlen)
{
    *out = nullptr;
    try {
        auto* x = new bolt_xrt();
        x->device = xrt::device(index);
        auto uuid = x->device.load_xclbin(xclbin);
        x->kernel = xrt::kernel(x->device, uuid, kernel_name, xrt::kernel::cu_access_mode::exclusive);
        x->run = xrt::run(x->kernel);
        *out = x;
        return 0;
    } catch (const std::exception& e) {
        if (errlen > 0) {
            std::strncpy(err, e.what(), errlen - 1);
            err[errlen - 1] = '\0';
        }
        return BOLT_XRT_E_OPEN;
    }
}

extern "C" int bolt_xrt_alloc(bolt_xrt* x, uint32_t arg, uint64_t bytes, int host_only, void** mapped, int32_t* group)
{
    if (bytes == 0) return fail(x, BOLT_XRT_E_ARGUMENT, "a buffer needs at least one byte");
    try {
        // The bank is the one the xclbin connected this argument to (v++ --connectivity.sp), never a number of ours.
        auto flags = host_only ? xrt::bo::flags::host_only : xrt::bo::flags::normal;
        xrt::bo bo(x->device, bytes, flags, x->kernel.group_id((int)arg));
        *mapped = bo.map<void*>();
        *group = (int32_t)bo.get_memory_group();
        x->buffers.push_back(std::move(bo));
        x->sizes.push_back(bytes);
        return (int)x->buffers.size() - 1;
    } catch (const std::exception& e) {
        return fail(x, BOLT_XRT_E_ALLOC, std::string("argument ") + std::to_string(arg) + ": " + e.what());
    }
}

extern "C" int bolt_xrt_sync(bolt_xrt* x, int buffer, int direction, uint64_t offset, uint64_t bytes)
{
    if (!valid(x, buffer) || offset + bytes > x->sizes[buffer]) return fail(x, BOLT_XRT_E_ARGUMENT, "sync outside the buffer");
    if (bytes == 0) return 0;
    try {
        x->buffers[buffer].sync(direction == BOLT_XRT_TO_DEVICE ? XCL_BO_SYNC_BO_TO_DEVICE : XCL_BO_SYNC_BO_FROM_DEVICE, bytes, offset);
        return 0;
    } catch (const std::exception& e) {
        return fail(x, BOLT_XRT_E_RUN, e.what());
    }
}

extern "C" int bolt_xrt_set_buffer(bolt_xrt* x, uint32_t arg, int buffer)
{
    if (!valid(x, buffer)) return fail(x, BOLT_XRT_E_ARGUMENT, "no such buffer");
    try {
        x->run.set_arg((int)arg, x->buffers[buffer]);
        return 0;
    } catch (const std::exception& e) {
        return fail(x, BOLT_XRT_E_ARGUMENT, e.what());
    }
}

extern "C" int bolt_xrt_set_scalar(bolt_xrt* x, uint32_t arg, uint64_t value, uint32_t bytes)
{
    try {
        if (bytes == 4)
            x->run.set_arg((int)arg, (uint32_t)value);
        else if (bytes == 8)
            x->run.set_arg((int)arg, value);
        else
            return fail(x, BOLT_XRT_E_ARGUMENT, "a scalar is 4 or 8 bytes");
        return 0;
    } catch (const std::exception& e) {
        return fail(x, BOLT_XRT_E_ARGUMENT, e.what());
    }
}

extern "C" int bolt_xrt_run(bolt_xrt* x, uint32_t timeout_ms)
{
    try {
        x->run.start();
        auto state = timeout_ms == 0 ? x->run.wait() : x->run.wait(std::chrono::milliseconds(timeout_ms));
        if (state != ERT_CMD_STATE_COMPLETED) return fail(x, BOLT_XRT_E_RUN, "the run ended in state " + std::to_string((int)state));
        return 0;
    } catch (const std::exception& e) {
        return fail(x, BOLT_XRT_E_RUN, e.what());
    }
}

extern "C" int bolt_xrt_release(bolt_xrt* x, int buffer)
{
    if (!valid(x, buffer)) return fail(x, BOLT_XRT_E_ARGUMENT, "no such buffer");
    x->buffers[buffer] = xrt::bo();
    x->sizes[buffer] = 0;
    return 0;
}

extern "C" const char* bolt_xrt_last_error(bolt_xrt* x) { return x->error.c_str(); }

extern "C" void bolt_xrt_close(bolt_xrt* x) { delete x; }
