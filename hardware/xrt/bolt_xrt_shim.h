/* The C ABI between XrtDevice (host/Bolt.OpenCl/Xrt/) and XRT's native C++ API. XRT's own C run API is
 * variadic (xrtRunSetArg), which .NET cannot P/Invoke, so this small shim wraps xrt::device, xrt::kernel,
 * xrt::bo and xrt::run behind fixed-signature functions. Two builds implement it:
 *   bolt_xrt_shim.cpp  the real one, over XRT (built only where XRT's headers are installed);
 *   bolt_xrt_fake.cpp  a stand-in for tests: "device" memory is a second copy of every buffer that only a sync
 *                      moves data into or out of, the memory groups come from connectivity.cfg, and a run calls
 *                      the kernel's C-simulation build.
 * Every function returns 0 on success or a negative BOLT_XRT_E* code; bolt_xrt_last_error says why. */
#ifndef BOLT_XRT_SHIM_H
#define BOLT_XRT_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BOLT_XRT_E_OPEN (-1)     /* device, xclbin or kernel could not be opened */
#define BOLT_XRT_E_ALLOC (-2)    /* a buffer could not be allocated or mapped */
#define BOLT_XRT_E_ARGUMENT (-3) /* a bad handle, argument index, size or range */
#define BOLT_XRT_E_RUN (-4)      /* the run failed or timed out */

#define BOLT_XRT_TO_DEVICE 0
#define BOLT_XRT_FROM_DEVICE 1

typedef struct bolt_xrt bolt_xrt;

/* Opens device `index`, loads the .xclbin and finds kernel `kernel_name`. On failure *out is NULL and the error
 * text is copied into err (errlen bytes, NUL-terminated). */
int bolt_xrt_open(uint32_t index, const char* xclbin, const char* kernel_name, bolt_xrt** out, char* err, size_t errlen);

/* Allocates a buffer for kernel argument `arg` in the memory bank XRT reports for it (kernel.group_id(arg)),
 * in host memory (xrt::bo::flags::host_only) when host_only, and maps it once. Returns a buffer handle >= 0;
 * *mapped is the host mapping, *group the memory group the buffer landed in. */
int bolt_xrt_alloc(bolt_xrt* x, uint32_t arg, uint64_t bytes, int host_only, void** mapped, int32_t* group);

/* Syncs bytes [offset, offset + bytes) of a buffer between its mapping and the device. */
int bolt_xrt_sync(bolt_xrt* x, int buffer, int direction, uint64_t offset, uint64_t bytes);

/* Binds a buffer, or a 4- or 8-byte scalar, to a kernel argument for the next runs. */
int bolt_xrt_set_buffer(bolt_xrt* x, uint32_t arg, int buffer);
int bolt_xrt_set_scalar(bolt_xrt* x, uint32_t arg, uint64_t value, uint32_t bytes);

/* Starts one run with the bound arguments and waits up to timeout_ms (0: no limit). */
int bolt_xrt_run(bolt_xrt* x, uint32_t timeout_ms);

/* Releases one buffer (its mapping goes with it). */
int bolt_xrt_release(bolt_xrt* x, int buffer);

/* The text of the last failure on this handle. */
const char* bolt_xrt_last_error(bolt_xrt* x);

/* Closes the handle and everything it holds. */
void bolt_xrt_close(bolt_xrt* x);

#ifdef __cplusplus
}
#endif

#endif
