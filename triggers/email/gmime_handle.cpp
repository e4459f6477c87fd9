#include "triggers/email/gmime_handle.hpp"

#include <mutex>

namespace tocsin::triggers::detail {

void ensure_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

}  // namespace tocsin::triggers::detail
