/* A plugin built for a later ABI than the engine's: the engine must refuse it by name. */
#include <stddef.h>

#include "tocsin/plugin_abi.h"

static const tocsin_plugin_v1 plugin = {
    TOCSIN_PLUGIN_ABI_VERSION + 1, "future", "9.0.0", "from the future", NULL, 0};

const tocsin_plugin_v1* tocsin_plugin_entry(uint32_t abi_version) {
    (void)abi_version;
    return &plugin;
}
