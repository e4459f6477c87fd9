// The default of store::watchlists() for backends that do not keep watchlists.
#include "engine/store/store.hpp"
#include "engine/store/watchlist_store.hpp"

namespace tocsin::store {

watchlist_store& store::watchlists() {
    throw error(errc::unsupported, "this store does not keep watchlists");
}

}  // namespace tocsin::store
